import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A cookie of ours: `__Host-` prefixed when the service is https (Secure, Path=/, no Domain), plain otherwise.
 * Values are base64url we generated, so reading and writing need no general cookie codec (and @fastify/cookie's
 * static helpers only work once its plugin has loaded the ESM `cookie` module).
 */
export class SessionCookie {
  readonly name: string;

  constructor(
    baseName: string,
    private readonly secure: boolean,
  ) {
    this.name = secure ? `__Host-${baseName}` : baseName;
  }

  read(request: FastifyRequest): string | undefined {
    const header = request.headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === this.name) {
        const value = part.slice(eq + 1).trim();
        return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
      }
    }
    return undefined;
  }

  /** HttpOnly so page scripts never see it; SameSite=Lax so cross-site POSTs arrive without it (checklist A3). */
  write(reply: FastifyReply, value: string): void {
    reply.header('set-cookie', `${this.name}=${value}; ${this.attributes()}`);
  }

  clear(reply: FastifyReply): void {
    reply.header('set-cookie', `${this.name}=; ${this.attributes()}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
  }

  private attributes(): string {
    return `Path=/; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
  }
}
