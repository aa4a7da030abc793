import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { createApp } from '../web/app';
import type { AppDeps } from '../web/env';
import { recordsApi } from './api';
import { fileRoutes } from './files-routes';
import { KIND_SLUGS, RECORD_KINDS } from './kinds';
import { openApiDocument } from './openapi';

type Json = Record<string, unknown>;
const doc = openApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

/** Every `$ref` anywhere in a value. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  return out;
}

/** A registered hono path as OpenAPI paths: `:id` → `{id}`, the record-kind segment → each slug. */
function openApiPaths(route: string): string[] {
  // The segment's own alternatives (`:type{(?:activities|events|…)}`): exports leave out the manual KPI values.
  const alternatives = /:type\{\(\?:([^)]+)\)\}/.exec(route)?.[1]?.split('|');
  const routes = route.includes(':type{')
    ? (alternatives ?? RECORD_KINDS.map((k) => KIND_SLUGS[k])).map((slug) =>
        route.replace(/:type\{[^}]+\}/, slug),
      )
    : [route];
  return routes.map((r) => r.replace(/:(\w+)/g, '{$1}'));
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and every operation has responses', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        expect(Object.keys((op.responses ?? {}) as Json), `${method} ${path}`).not.toHaveLength(0);
        for (const p of (op.parameters ?? []) as { in: string; name: string }[])
          if (p.in === 'path') expect(path, `${method} ${path} ${p.name}`).toContain(`{${p.name}}`);
      }
  });

  it('resolves every $ref', () => {
    const missing = refs(doc).filter((r) => {
      const name = r.replace('#/components/schemas/', '');
      return !r.startsWith('#/components/schemas/') || doc.components.schemas[name] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('lists every record API route', () => {
    const registered = [...recordsApi.routes, ...fileRoutes.routes]
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .flatMap((r) => openApiPaths(r.path).map((p) => `${r.method.toLowerCase()} ${p}`));
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m} ${p}`),
    );
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    expect(registered.length).toBeGreaterThan(40);
  });

  it('lists every /api/v1 route the app registers, and documents no route that is not there', () => {
    const app = createApp({
      database: {} as AppDeps['database'],
      log: createLogger('silent'),
      baseUrl: 'http://x',
    });
    const registered = [
      ...new Set(
        app.routes
          .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
          .flatMap((r) => openApiPaths(r.path).map((p) => `${r.method.toLowerCase()} ${p}`)),
      ),
    ];
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m} ${p}`),
    );
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
    expect(registered).toEqual(
      expect.arrayContaining([
        'get /api/v1/me',
        'get /api/v1/projects/{id}/audit',
        'get /api/v1/projects/{id}/kpis',
        'get /api/v1/projects/{id}/kpis/{kpiId}/records',
        'post /api/v1/projects/{id}/imports',
        'delete /api/v1/projects/{id}/imports/{uploadId}',
        'get /api/v1/projects/{id}/imports/{uploadId}/job',
        'post /api/v1/projects/{id}/reports',
        'get /api/v1/projects/{id}/reports/jobs/{jobId}',
        'post /api/v1/projects/{id}/reports/submissions',
        'get /api/v1/projects/{id}/reports/{reportId}/manifest',
      ]),
    );
  });

  it('documents the KPI, import and report APIs: parameters, error responses, and jobs as 202 with a Location', () => {
    const ops = (path: string) =>
      doc.paths[path] as Record<string, Json & { responses: Record<string, Json> }>;
    const kpis = ops('/api/v1/projects/{id}/kpis').get!;
    expect((kpis.parameters as { name: string }[]).map((p) => p.name)).toEqual(['id', 'at', 'from', 'year']);
    expect(Object.keys(kpis.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(JSON.stringify(doc.components.schemas.KpiPart)).toContain('"status"');
    for (const [path, method] of [
      ['/api/v1/projects/{id}/imports/{uploadId}/commit', 'post'],
      ['/api/v1/projects/{id}/reports', 'post'],
    ] as const) {
      const r = ops(path)[method]!.responses;
      expect(Object.keys(r), path).toContain('202');
      expect(r['202'], path).toMatchObject({ headers: { Location: expect.any(Object) } });
    }
    expect(ops('/api/v1/projects/{id}/imports').post!.requestBody).toMatchObject({
      content: { 'multipart/form-data': expect.any(Object) },
    });
    const submit = ops('/api/v1/projects/{id}/reports/submissions').post!;
    expect(Object.keys(submit.responses)).toEqual(
      expect.arrayContaining(['201', '409', '422', '401', '403']),
    );
    for (const name of [
      'Kpi',
      'KpiList',
      'ImportPreview',
      'ImportJob',
      'Report',
      'ReportJob',
      'PreflightFinding',
    ])
      expect(doc.components.schemas[name], name).toBeDefined();
  });

  it('generates the record schemas from zod, with their vocabularies', () => {
    const event = doc.components.schemas.EventInput as {
      properties: Record<string, Json>;
      required: string[];
    };
    expect(event.required).toEqual(
      expect.arrayContaining(['lead_partner', 'name', 'city', 'country', 'start_date']),
    );
    expect(event.properties.status).toMatchObject({ enum: ['planned', 'attended', 'cancelled'] });
    expect(JSON.stringify(doc.components.schemas.Publication)).toContain('joint_eu_jp');
  });
});
