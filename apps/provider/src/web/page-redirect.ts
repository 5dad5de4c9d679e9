import { HttpException } from '@nestjs/common';

/** Thrown by guards that must send the browser elsewhere (e.g. to the login page); the page filter redirects. */
export class PageRedirect extends HttpException {
  constructor(readonly location: string) {
    super('See Other', 303);
    this.name = 'PageRedirect';
  }
}
