import { describe, expect, it } from 'vitest';
import { storedForm, storedJsonFromLine } from './ingest-prepare.js';

const NOW = '2026-11-25T10:00:00.000Z';
const line = (text: string) => Buffer.from(text);

describe('storedJsonFromLine', () => {
  it('gives the same document, key for key and in order, as serialising the stored form', () => {
    for (const text of ['{"resourceType":"Observation","id":"o-1","status":"final","valueString":"阴性"}', '{"resourceType":"Patient","name":[{"text":"测试"}]}  \r\n', '{ "resourceType" : "Device" , "id" : "d-1" }']) {
      const resource = JSON.parse(text);
      const id = resource.id ?? 'assigned-1';
      const json = storedJsonFromLine(line(text), resource, id, NOW)!;
      expect(json).not.toBeNull();
      expect(JSON.stringify(JSON.parse(json.toString()))).toBe(JSON.stringify(storedForm(resource, id, 1, NOW)));
    }
  });

  it('declines resources whose stored form is not the line plus new members', () => {
    const withMeta = '{"resourceType":"Observation","id":"o-1","meta":{"source":"lis"}}';
    expect(storedJsonFromLine(line(withMeta), JSON.parse(withMeta), 'o-1', NOW)).toBeNull();
    const otherId = '{"resourceType":"Observation","id":"o-1"}';
    expect(storedJsonFromLine(line(otherId), JSON.parse(otherId), 'o-2', NOW)).toBeNull();
  });
});
