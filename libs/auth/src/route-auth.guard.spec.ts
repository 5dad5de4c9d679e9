import { Controller, Get } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';

import { Public, RouteAuth } from './route-auth.decorator';
import { RouteAuthGuard } from './route-auth.guard';

@Controller()
class Example {
  @Get() unmarked() {}
  @Public() @Get() open() {}
  @RouteAuth('session') @Get() page() {}
  @RouteAuth('admin-bearer') @Get() admin() {}
  @RouteAuth('oauth') @Get() protectedRoute() {}
}

@Public()
@Controller()
class PublicController {
  @Get() any() {}
  @RouteAuth('oauth') @Get() overridden() {}
}

function contextFor(controller: object, handler: string): ExecutionContext {
  const cls = controller as { prototype: Record<string, unknown> };
  return { getType: () => 'http', getHandler: () => cls.prototype[handler], getClass: () => controller, switchToHttp: () => ({ getRequest: () => ({}) }) } as unknown as ExecutionContext;
}

describe('RouteAuthGuard (global default-deny)', () => {
  function sut() {
    const guard = new RouteAuthGuard(new Reflector());
    const oauth = vi.fn(async () => true);
    (guard as unknown as { oauth: { canActivate: typeof oauth } }).oauth = { canActivate: oauth };
    return { guard, oauth };
  }

  it('requires OAuth on routes without route-auth metadata and on oauth routes', async () => {
    const { guard, oauth } = sut();
    await guard.canActivate(contextFor(Example, 'unmarked'));
    await guard.canActivate(contextFor(Example, 'protectedRoute'));
    await guard.canActivate(contextFor(PublicController, 'overridden'));
    expect(oauth).toHaveBeenCalledTimes(3);
  });

  it('leaves public, session and admin-bearer routes to their own guards', async () => {
    const { guard, oauth } = sut();
    for (const handler of ['open', 'page', 'admin']) expect(await guard.canActivate(contextFor(Example, handler))).toBe(true);
    expect(await guard.canActivate(contextFor(PublicController, 'any'))).toBe(true);
    expect(oauth).not.toHaveBeenCalled();
  });

  it('propagates a refusal', async () => {
    const { guard, oauth } = sut();
    oauth.mockRejectedValueOnce(new Error('refused'));
    await expect(guard.canActivate(contextFor(Example, 'unmarked'))).rejects.toThrow('refused');
  });
});
