import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, completeEntry, type AuditEntry, type AuditRecord } from '../entry.js';
import type { ExportContext } from './export-context.js';
import { headerField, isSdName, sdElement } from './syslog-escape.js';
import { SD_ID, toSyslogLine } from './syslog.js';

const context: ExportContext = { serverId: 'yx-prod-1', hospitalName: '第一人民医院', hostname: 'yixiang.hospital.example' };

function entry(overrides: Partial<AuditRecord>, recordedAt = '2026-11-25T09:00:00.123Z'): AuditEntry {
  return completeEntry(
    {
      actor: { type: 'user', id: 'u-1', name: 'dr.wang', roles: ['staff', 'clinician'], departmentId: 'd-1' },
      action: 'read',
      objectType: null,
      objectId: null,
      outcome: 'success',
      ...overrides,
    },
    7,
    recordedAt,
  );
}

// RFC 5424 §6 ABNF as a strict regex. SD-NAME: PRINTUSASCII minus '=' (3D), ']' (5D), '"' (22).
// PARAM-VALUE: any character but '"', '\', ']' and line breaks, or one of the three escapes.
const SD_NAME = '[\\x21\\x23-\\x3C\\x3E-\\x5C\\x5E-\\x7E]{1,32}';
const PARAM_VALUE = '(?:[^"\\\\\\]\\r\\n]|\\\\["\\\\\\]])*';
const SD_ELEMENT = `\\[${SD_NAME}(?: ${SD_NAME}="${PARAM_VALUE}")*\\]`;
const TIMESTAMP = '-|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})';
const field = (max: number) => `(-|[\\x21-\\x7E]{1,${max}})`;
const SYSLOG_LINE = new RegExp(
  `^<(\\d{1,3})>1 (${TIMESTAMP}) ${field(255)} ${field(48)} ${field(128)} ${field(32)} (-|(?:${SD_ELEMENT})+)(?: \\uFEFF([^\\r\\n]*))?$`,
);

interface Parsed {
  pri: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sdId: string;
  params: [string, string][];
  msg: string | undefined;
}

function parse(line: string): Parsed {
  const match = SYSLOG_LINE.exec(line);
  if (!match) throw new Error(`not RFC 5424: ${line}`);
  const [, pri, timestamp, hostname, appName, procId, msgId, sd, msg] = match as unknown as string[];
  const sdId = /^\[([^ \]]+)/.exec(sd ?? '')?.[1] ?? '';
  const params = [...(sd ?? '').matchAll(new RegExp(`(${SD_NAME})="(${PARAM_VALUE})"`, 'g'))].map(
    (m): [string, string] => [m[1] ?? '', (m[2] ?? '').replace(/\\(["\\\]])/g, '$1')],
  );
  return { pri: Number(pri), timestamp: timestamp ?? '', hostname: hostname ?? '', appName: appName ?? '', procId: procId ?? '', msgId: msgId ?? '', sdId, params, msg };
}

const param = (parsed: Parsed, name: string) => parsed.params.filter(([n]) => n === name).map(([, v]) => v);

describe('toSyslogLine', () => {
  it('writes an authpriv RFC 5424 line with the ATNA fields in one SD element', () => {
    const parsed = parse(toSyslogLine(entry({ action: 'login', sourceIp: '10.1.2.3', requestId: 'req-1' }), { ...context, procId: '4242' }, { leafHash: 'ab'.repeat(32) }));
    expect(parsed.pri).toBe(10 * 8 + 6);
    expect(parsed.timestamp).toBe('2026-11-25T09:00:00.123Z');
    expect(parsed.hostname).toBe('yixiang.hospital.example');
    expect(parsed.appName).toBe('yixiang');
    expect(parsed.procId).toBe('4242');
    expect(parsed.msgId).toBe('login');
    expect(parsed.sdId).toBe(SD_ID);
    expect(Object.fromEntries(parsed.params)).toMatchObject({
      EventID: '110114',
      EventTypeCode: '110122',
      EventActionCode: 'E',
      EventDateTime: '2026-11-25T09:00:00.123Z',
      EventOutcomeIndicator: '0',
      UserID: 'dr.wang',
      AlternativeUserID: 'u-1',
      UserName: 'dr.wang',
      UserIsRequestor: 'true',
      NetworkAccessPointTypeCode: '2',
      NetworkAccessPointID: '10.1.2.3',
      RequestID: 'req-1',
      AuditSourceID: 'yx-prod-1',
      Seq: '7',
      LeafHash: 'ab'.repeat(32),
    });
    expect(param(parsed, 'RoleIDCode')).toEqual(['staff', 'clinician']);
    expect(parsed.msg).toBe('user dr.wang logged in: success');
  });

  it('carries object, patient, purpose and grant of a denied read, with warning severity', () => {
    const parsed = parse(
      toSyslogLine(entry({ objectType: 'record', objectId: 'r-9', patientId: 'p-42', purposeOfUse: 'treatment', grantId: 'g-3', accessBasis: 'grant:g-3', outcome: 'denied', reason: 'grant expired' }), context),
    );
    expect(parsed.pri).toBe(10 * 8 + 4);
    expect(Object.fromEntries(parsed.params)).toMatchObject({
      EventID: 'rest',
      EventTypeCode: 'read',
      EventActionCode: 'R',
      EventOutcomeIndicator: '4',
      EventOutcomeDescription: 'grant expired',
      ParticipantObjectTypeCode: '2',
      ParticipantObjectTypeCodeRole: '4',
      ParticipantObjectIDTypeCode: 'record',
      ParticipantObjectID: 'r-9',
      PatientID: 'p-42',
      PurposeOfUse: 'treatment',
      PurposeOfUseCode: 'TREAT',
      GrantID: 'g-3',
      AccessBasis: 'grant:g-3',
    });
    expect(parsed.msg).toBe('user dr.wang read record r-9 of patient p-42 for treatment under grant g-3: denied (grant expired)');
  });

  it('uses error severity for an error outcome', () => {
    expect(parse(toSyslogLine(entry({ outcome: 'error' }), context)).pri).toBe(83);
  });

  it('escapes ", \\ and ] in PARAM-VALUE and nothing else', () => {
    const reason = 'path C:\\tmp said "no" [code=5] done';
    const line = toSyslogLine(entry({ outcome: 'denied', reason }), context);
    expect(line).toContain('EventOutcomeDescription="path C:\\\\tmp said \\"no\\" [code=5\\] done"');
    expect(param(parse(line), 'EventOutcomeDescription')).toEqual([reason]);
  });

  it('keeps Chinese text as UTF-8 in values and in the BOM-prefixed MSG', () => {
    const line = toSyslogLine(entry({ actor: { type: 'user', id: 'u-2', name: '王医生', roles: ['护士长'], departmentId: null }, reason: '未授权', outcome: 'denied' }), context);
    const parsed = parse(line);
    expect(param(parsed, 'UserName')).toEqual(['王医生']);
    expect(param(parsed, 'RoleIDCode')).toEqual(['护士长']);
    expect(param(parsed, 'AuditEnterpriseSiteID')).toEqual(['第一人民医院']);
    expect(parsed.msg).toBe('user 王医生 read: denied (未授权)');
    const bytes = Buffer.from(line, 'utf8');
    const bom = bytes.indexOf(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bom).toBeGreaterThan(0);
    expect(bytes.subarray(bom + 3).toString('utf8')).toBe('user 王医生 read: denied (未授权)');
    expect(bytes.lastIndexOf(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(bom);
  });

  it('uses NILVALUE for absent header fields and omits absent parameters', () => {
    const parsed = parse(toSyslogLine({ ...entry({}), recordedAt: 'not a time' }, { ...context, hostname: '' }));
    expect(parsed.timestamp).toBe('-');
    expect(parsed.hostname).toBe('-');
    expect(parsed.procId).toBe('-');
    const names = parsed.params.map(([name]) => name);
    for (const absent of ['PatientID', 'GrantID', 'PurposeOfUse', 'NetworkAccessPointID', 'ParticipantObjectID', 'EventOutcomeDescription', 'LeafHash']) {
      expect(names).not.toContain(absent);
    }
  });

  it('bounds header fields to their RFC 5424 lengths and to printable ASCII', () => {
    const parsed = parse(toSyslogLine(entry({}), { ...context, hostname: `医院${'h'.repeat(300)}`, procId: 'p'.repeat(200) }));
    expect(parsed.hostname).toBe('h'.repeat(255));
    expect(parsed.procId).toBe('p'.repeat(128));
    expect(headerField('m'.repeat(40), 32)).toBe('m'.repeat(32));
    expect(headerField('医院', 255)).toBe('-');
    expect(headerField(' a b ', 48)).toBe('ab');
  });

  it('keeps one entry on one line whatever the values contain', () => {
    const line = toSyslogLine(entry({ reason: 'line1\nline2\r\u2028x', userAgent: 'ua\tv\u0000', outcome: 'denied' }), context);
    expect(line).not.toMatch(/[\r\n\u2028\u0000\t]/);
    expect(param(parse(line), 'EventOutcomeDescription')).toEqual(['line1 line2  x']);
  });

  it('normalises timestamps to at most six fractional digits', () => {
    expect(parse(toSyslogLine(entry({}, '2026-11-25T09:00:00.1234567Z'), context)).timestamp).toBe('2026-11-25T09:00:00.123Z');
    expect(parse(toSyslogLine(entry({}, '2026-11-25T17:00:00.5+08:00'), context)).timestamp).toBe('2026-11-25T17:00:00.5+08:00');
  });

  it('produces a parseable line for every action and outcome', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const outcome of ['success', 'denied', 'error'] as const) {
        const parsed = parse(toSyslogLine(entry({ action, outcome, objectType: 'x', objectId: 'y' }), context));
        expect(parsed.msgId).toBe(action);
        expect(parsed.msg?.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('SD-NAME rules', () => {
  it('accepts the names used and rejects "=", space, "]", \'"\' and over-long names', () => {
    expect(isSdName(SD_ID)).toBe(true);
    expect(isSdName('ParticipantObjectTypeCodeRole')).toBe(true);
    for (const bad of ['a=b', 'a b', 'a]', 'a"b', 'x'.repeat(33), '', '名字']) expect(isSdName(bad)).toBe(false);
    expect(() => sdElement('bad id', [])).toThrow(/SD-NAME/);
    expect(() => sdElement('ok', [['bad=name', 'v']])).toThrow(/SD-NAME/);
    expect(sdElement('ok', [['a', null], ['b', '']])).toBe('[ok b=""]');
  });
});
