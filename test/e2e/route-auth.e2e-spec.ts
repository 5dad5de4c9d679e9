import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROUTE_AUTH_KEY, type RouteAuthKind } from '@app/auth';
import { createTestApp, type TestApp } from '@app/testing';

/**
 * Every route of the service with how it is protected. A change to the snapshot is a permission change: review it
 * like one (who may now call what?), then accept it with `npx vitest run test/e2e/route-auth.e2e-spec.ts -u`.
 *
 * Sources: Fastify's route table (everything that really answers, including routes registered outside Nest such as
 * the Swagger UI, which no Nest guard protects) joined with the controllers' route-auth metadata and guards.
 */
interface ControllerRoute {
  method: string;
  path: string;
  kind: RouteAuthKind | undefined;
  guards: string[];
}

function joinPath(...parts: string[]): string {
  const path = parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');
  return `/${path}`;
}

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [''] : Array.isArray(value) ? value : [value];
}

function guardNames(...targets: object[]): string[] {
  const reflector = new Reflector();
  return targets.flatMap((t) => (reflector.get<Array<{ name?: string }> | undefined>(GUARDS_METADATA, t as never) ?? []).map((g) => g.name ?? 'anonymous'));
}

/** Controller routes with their effective route-auth kind (handler metadata overrides the controller's). */
function controllerRoutes(service: TestApp): ControllerRoute[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: ControllerRoute[] = [];
  for (const module of service.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, (...args: unknown[]) => unknown>)[name]!;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const kind = reflector.getAllAndOverride<RouteAuthKind | undefined>(ROUTE_AUTH_KEY, [handler, controller]);
        const guards = guardNames(controller, handler);
        for (const prefix of prefixes) {
          for (const path of asArray(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined)) {
            routes.push({ method: RequestMethod[method], path: joinPath(prefix, path), kind, guards });
          }
        }
      }
    }
  }
  return routes;
}

/** Parses `fastify.printRoutes()` (a radix tree; a route's path is its ancestors' segments joined) into method+path. */
function fastifyRoutes(fastify: FastifyInstance): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of fastify.printRoutes().split('\n')) {
    const match = /^((?:[│ ]{3} |[├└]── )*)(.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match || !match[2]) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack[depth - 1] = match[2];
    if (!match[3]) continue;
    const path = stack.join('');
    for (const method of match[3].split(', ')) routes.push({ method, path });
  }
  return routes;
}

function describeRoute(route: ControllerRoute | undefined): string {
  if (!route) return 'public (outside Nest: no guard runs)';
  const kind = route.kind ?? 'oauth (default-deny)';
  const guards = route.guards.length ? ` [${[...new Set(route.guards)].join(', ')}]` : '';
  return `${kind}${guards}`;
}

describe('route-auth snapshot', () => {
  let service: TestApp;

  beforeAll(async () => {
    // The route table does not depend on the database engine.
    service = await createTestApp('sqlite');
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lists every route with how it is protected', async () => {
    const controllers = controllerRoutes(service);
    const key = (method: string, path: string) => `${method} ${path}`;
    const byKey = new Map(controllers.map((r) => [key(r.method, r.path), r]));
    const table = fastifyRoutes(service.app.getHttpAdapter().getInstance() as FastifyInstance);
    const getPaths = new Set(table.filter((r) => r.method === 'GET').map((r) => r.path));
    const lines = table
      // Fastify adds HEAD for every GET; it runs the same handler and guards.
      .filter((r) => !(r.method === 'HEAD' && getPaths.has(r.path)))
      .map((r) => `${r.method.padEnd(7)} ${r.path.padEnd(56)} ${describeRoute(byKey.get(key(r.method, r.path)) ?? byKey.get(key('ALL', r.path)))}`)
      .sort((a, b) => a.slice(8).localeCompare(b.slice(8)) || a.localeCompare(b));

    // Every controller route must be in the table (otherwise the join above is wrong).
    const tableKeys = new Set(table.map((r) => key(r.method, r.path)));
    expect(controllers.filter((r) => r.method !== 'ALL' && !tableKeys.has(key(r.method, r.path)))).toEqual([]);
    // Browser sessions and admin tokens are checked by the route's own guard: one must be there.
    expect(controllers.filter((r) => (r.kind === 'session' || r.kind === 'admin-bearer') && r.guards.length === 0).map((r) => key(r.method, r.path))).toEqual([]);

    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/route-auth.snap');
  });
});
