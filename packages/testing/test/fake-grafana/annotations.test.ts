/**
 * Annotations: https://grafana.com/docs/grafana/latest/developers/http_api/annotations/ — create with time, timeEnd
 * and tags (a region), PATCH (e.g. setting timeEnd later), find by time range and tags, delete.
 */
import { describe, expect, it } from '@jest/globals';
import { useFakeGrafana, VERSIONS } from './client.js';

describe.each(VERSIONS)('fake Grafana %s: annotations', (version) => {
  const { api } = useFakeGrafana({ version });

  it('creates an annotation and answers its id (docs: annotations, create)', async () => {
    const created = await api('POST', '/api/annotations', {
      time: 1_700_000_000_000,
      tags: ['deploy', 'service:payments', 'env:prod'],
      text: 'Deploy v1.2.3 (abc123)',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ message: 'Annotation added', id: expect.any(Number) });
    const one = await api('GET', `/api/annotations/${created.body.id}`);
    expect(one.body).toMatchObject({
      time: 1_700_000_000_000,
      timeEnd: 1_700_000_000_000,
      tags: ['deploy', 'service:payments', 'env:prod'],
    });
  });

  it('PATCH sets timeEnd, making a region, and keeps the rest (docs: annotations, patch)', async () => {
    const list = await api('GET', '/api/annotations?tags=deploy');
    const id = list.body[0].id;
    const patched = await api('PATCH', `/api/annotations/${id}`, { timeEnd: 1_700_000_060_000 });
    expect(patched.body.message).toBe('Annotation patched');
    const one = await api('GET', `/api/annotations/${id}`);
    expect(one.body).toMatchObject({
      time: 1_700_000_000_000,
      timeEnd: 1_700_000_060_000,
      text: 'Deploy v1.2.3 (abc123)',
    });
  });

  it('filters by time range overlap, all tags (or any with matchAny) and limit (docs: annotations, find)', async () => {
    await api('POST', '/api/annotations', {
      time: 1_800_000_000_000,
      tags: ['deploy', 'service:billing'],
      text: 'later',
    });
    expect((await api('GET', '/api/annotations?from=1700000030000&to=1700000040000')).body).toHaveLength(1);
    expect(
      (await api('GET', '/api/annotations?tags=deploy&tags=service:billing')).body.map((a: { text: string }) => a.text),
    ).toEqual(['later']);
    expect(
      (await api('GET', '/api/annotations?tags=service:payments&tags=service:billing&matchAny=true')).body,
    ).toHaveLength(2);
    const newestFirst = await api('GET', '/api/annotations?limit=1');
    expect(newestFirst.body.map((a: { text: string }) => a.text)).toEqual(['later']);
  });

  it('refuses an annotation without text (400) and deletes by id (docs: annotations)', async () => {
    expect((await api('POST', '/api/annotations', { tags: ['x'] })).status).toBe(400);
    const list = await api('GET', '/api/annotations');
    expect((await api('DELETE', `/api/annotations/${list.body[0].id}`)).body.message).toBe('Annotation deleted');
    expect((await api('GET', `/api/annotations/${list.body[0].id}`)).status).toBe(404);
  });
});
