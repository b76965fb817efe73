// Turns benchmark results into the console table and the dated sections of bench/RESULTS.md.
// Every figure is shown next to the baseline measured in the same run, because on a shared or
// virtual machine the absolute numbers move with the neighbours while the ratios mostly do not.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TARGETS = {
  append: 20_000,
  verify: 300_000,
  proofMicros: 1000,
};

const n = (value, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const yesNo = (met) => (met ? 'yes' : '**no**');

/** One line per headline figure, for the console and the top of each RESULTS.md section. */
export function summaryRows(results) {
  const rows = [];
  const append = results.append;
  if (append) {
    for (const [db, data] of Object.entries(append.databases)) {
      if (data.skipped) continue;
      for (const run of data.concurrent) {
        rows.push({
          figure: `Durable appends, ${db}, ${run.workers} callers in flight`,
          yixiang: `${n(run.yixiang.perSecond)} entries/s`,
          baseline: `${n(run.baseline.perSecond)} rows/s`,
          ratio: ratio(run.ratio),
          target: db === 'sqlite' ? `≥ ${n(TARGETS.append)}/s` : '–',
          met: db === 'sqlite' ? yesNo(run.yixiang.perSecond >= TARGETS.append) : '–',
        });
      }
      rows.push({
        figure: `One append at a time, ${db} (median latency)`,
        yixiang: `${n(data.serial.yixiang.latencyUs.median)} µs`,
        baseline: `${n(data.serial.baseline.latencyUs.median)} µs`,
        ratio: ratio(data.serial.ratio),
        target: '–',
        met: '–',
      });
    }
  }
  const scale = results.scale;
  if (scale) {
    rows.push({
      figure: `Durable appends on top of ${n(scale.size)} entries, sqlite, ${n(scale.workers)} callers in flight`,
      yixiang: `${n(scale.yixiang.perSecond)} entries/s`,
      baseline: `${n(scale.baseline.perSecond)} rows/s`,
      ratio: ratio(scale.ratio),
      target: `≥ ${n(TARGETS.append)}/s`,
      met: yesNo(scale.yixiang.perSecond >= TARGETS.append),
    });
  }
  const verify = results.verify;
  if (verify) {
    rows.push({
      figure: `Full verification, ${verify.db}, ${n(verify.size)} entries`,
      yixiang: `${n(verify.verify.perSecond)} entries/s`,
      baseline: `${n(verify.baseline.perSecond)} rows/s`,
      ratio: ratio(verify.ratio),
      target: `≥ ${n(TARGETS.verify)}/s`,
      met: yesNo(verify.verify.perSecond >= TARGETS.verify),
    });
  }
  const proof = results.proof;
  if (proof) {
    rows.push({
      figure: `Inclusion proof (entryWithProof), ${proof.db}, ${n(proof.size)} entries, median`,
      yixiang: `${n(proof.entryWithProof.median)} µs`,
      baseline: `${n(proof.baseline.median)} µs`,
      ratio: ratio(proof.ratio),
      target: `< ${n(TARGETS.proofMicros)} µs`,
      met: yesNo(proof.entryWithProof.median < TARGETS.proofMicros),
    });
    rows.push({
      figure: `Inclusion proof (entryWithProof), ${proof.db}, ${n(proof.size)} entries, p99`,
      yixiang: `${n(proof.entryWithProof.p99)} µs`,
      baseline: `${n(proof.baseline.p99)} µs`,
      ratio: ratio(proof.entryWithProof.p99 / proof.baseline.p99),
      target: `< ${n(TARGETS.proofMicros)} µs`,
      met: yesNo(proof.entryWithProof.p99 < TARGETS.proofMicros),
    });
  }
  return rows;
}

export function consoleTable(rows) {
  const headers = ['Figure', 'Yixiang', 'Baseline (same run)', 'Ratio', 'Target', 'Met'];
  const cells = rows.map((r) => [r.figure, r.yixiang, r.baseline, r.ratio, r.target, r.met.replace(/\*/g, '')]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function markdownTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function machineMarkdown(machine, load) {
  return markdownTable(
    ['Item', 'Value'],
    [
      ['Date (`date -u`)', machine.dateUtc],
      ['CPU', `${machine.cpuModel}${machine.cpuMhz ? ` @ ${machine.cpuMhz} MHz` : ''}`],
      ['Cores', String(machine.cores)],
      ['RAM', `${machine.ramGiB} GiB`],
      ['OS', machine.os],
      ['Node.js', machine.node],
      ['SQLite (better-sqlite3)', machine.sqlite ?? 'n/a'],
      ['PostgreSQL', machine.postgres ?? 'not installed'],
      ['Database files', machine.tmpDisk],
      ['Code', `commit ${machine.commit ?? 'unknown'}${machine.workingTreeClean === false ? ' + uncommitted changes in src/' : ''}; dist/server built ${machine.distBuiltAt ?? 'unknown'}`],
      ['Load average (1/5/15 min) before → after the run (after includes the benchmark itself)', `${load.before.join(' / ')} → ${load.after.join(' / ')}`],
    ],
  );
}

function appendMarkdown(result) {
  const parts = [];
  parts.push(
    `Durable means committed: SQLite in WAL mode with \`synchronous = FULL\` (as the application opens it), PostgreSQL with its stock \`fsync = on\`, \`synchronous_commit = on\`. ` +
      `Each configuration runs log, baseline, baseline, log, each on a fresh database with ${n(result.warmup)} untimed entries first and ${n(result.entries)} timed ones; the rate is over both repetitions. Crypto profile \`${result.profile}\`. ` +
      'Baseline: the same rows as plain multi-row `INSERT`s into the same `audit_entries` table, one transaction per batch of exactly the sizes the group commit produced — no sequencer, canonical form, hashing, Merkle nodes or checkpoints.',
  );
  const rows = [];
  for (const [db, data] of Object.entries(result.databases)) {
    if (data.skipped) {
      rows.push([db, '–', '–', '–', '–', '–', `skipped: ${data.skipped}`]);
      continue;
    }
    for (const run of data.concurrent) {
      rows.push([
        db,
        n(run.workers),
        `**${n(run.yixiang.perSecond)}** (${run.yixiang.reps.map((v) => n(v)).join(' / ')})`,
        `${n(run.yixiang.batches.count)} × median ${n(run.yixiang.batches.median)} (max ${n(run.yixiang.batches.max)})`,
        `${n(run.yixiang.batchMs.median, 1)} ms`,
        `${n(run.baseline.perSecond)} (${run.baseline.reps.map((v) => n(v)).join(' / ')})`,
        ratio(run.ratio),
      ]);
    }
  }
  parts.push(markdownTable(['Database', 'Callers in flight', 'Yixiang entries/s (reps)', 'Batches', 'Median batch commit', 'Baseline rows/s (reps)', 'Ratio'], rows));
  const serialRows = [];
  for (const [db, data] of Object.entries(result.databases)) {
    if (data.skipped) continue;
    const { yixiang, baseline } = data.serial;
    serialRows.push([
      db,
      n(yixiang.count),
      `${n(yixiang.latencyUs.median)} / ${n(yixiang.latencyUs.p99)}`,
      n(yixiang.perSecond),
      `${n(baseline.latencyUs.median)} / ${n(baseline.latencyUs.p99)}`,
      ratio(data.serial.ratio),
    ]);
  }
  parts.push(
    'One caller at a time: each append awaited before the next, so every entry pays a whole transaction and flush. Baseline: one single-row `INSERT` transaction per entry on a second database, alternating with the log entry by entry.',
  );
  parts.push(markdownTable(['Database', 'Appends', 'Yixiang µs median / p99', 'Yixiang entries/s', 'Baseline µs median / p99', 'Latency ratio'], serialRows));
  return parts.join('\n\n');
}

function verifyMarkdown(result) {
  const parts = [];
  const build = result.build ? `built through \`AuditLog.append\` at ${n(result.build.perSecond)} appends/s (${n(result.build.ms / 1000, 1)} s)` : 'reused';
  parts.push(
    `${n(result.size)} entries on ${result.db}, ${build}; ${n(result.checkpointsChecked)} signed checkpoints checked. ` +
      'Baseline: `SELECT * FROM audit_entries ORDER BY seq` over the same rows through the same connection (best of two, after an untimed read that warms the page cache).',
  );
  parts.push(
    markdownTable(
      ['', 'Time', 'Entries/s', 'Ratio to baseline'],
      [
        ['`AuditService.verify()`', `${n(result.verify.ms)} ms`, `**${n(result.verify.perSecond)}**`, ratio(result.ratio)],
        ['Baseline: plain ordered read', `${n(result.baseline.ms)} ms`, n(result.baseline.perSecond), '1.00×'],
      ],
    ),
  );
  const b = result.breakdownMs;
  if (b?.oneThread !== undefined) {
    const row = (label, ms) => [label, `${n(ms)} ms`, `${n((ms / result.size) * 1000, 2)} µs`];
    const speedUp = b.oneThread / result.verify.ms;
    parts.push(
      `Where the time goes (each part on its own, on one thread, over the first ${n(b.sampleSize)} rows, scaled to the whole log). ` +
        `\`verify()\` runs the stretch verifier on ${n(b.workers)} worker threads, each with its own read-only connection, while the main thread checks the checkpoint signatures:`,
    );
    parts.push(
      markdownTable(
        ['Part', 'Time for the whole log', 'Per entry'],
        [
          row('Raw driver read of every column (`better-sqlite3` `.raw()`, no Kysely)', b.rawRead),
          row('SQLite building each row\'s canonical text (`canonicalTextSql`), nothing else', b.canonicalSql),
          row('The whole per-row work on one thread (`verifyRange`: canonical text, stored leaf, hash, compare, subtrees)', b.oneThread),
          row(`Whole \`verify()\` on ${n(b.workers)} threads (${speedUp.toFixed(2)}× as fast as one thread)`, result.verify.ms),
        ],
      ),
    );
  } else if (b) {
    parts.push('(Breakdown recorded in an older format; see RESULTS.json.)');
  }
  return parts.join('\n\n');
}

function proofMarkdown(result) {
  const parts = [];
  parts.push(
    `${n(result.size)} entries on ${result.db}; ${n(result.proofs)} random leaves, the three calls interleaved per leaf; every proof (${n(result.meanProofHashes, 1)} hashes on average) verified against the signed root outside the timings. ` +
      'Baseline: `SELECT * FROM audit_entries WHERE seq = ?` through the same connection.',
  );
  const row = (label, s, base) => [label, n(s.median, 1), n(s.p90, 1), n(s.p99, 1), base ? ratio(s.median / base.median) : '–'];
  const rows = [
    row('Baseline: primary-key read of the entry row', result.baseline, result.baseline),
    row('`inclusionProof` over `sqlNodeSource` (proof only)', result.inclusionProof, result.baseline),
    row('`AuditService.entryWithProof` (what the API returns)', result.entryWithProof, result.baseline),
  ];
  if (result.inclusionProofInMemory) rows.push(row('`inclusionProof` over `MemoryNodeSource` (no database)', result.inclusionProofInMemory, result.baseline));
  parts.push(markdownTable(['Call', 'Median µs', 'p90 µs', 'p99 µs', 'Median ratio to baseline'], rows));
  return parts.join('\n\n');
}

function scaleMarkdown(result) {
  const parts = [];
  parts.push(
    `The same kind of appends as above, but into the ${n(result.size)}-entry log of the verification benchmark: ${n(result.entries)} timed appends per repetition with ${n(result.workers)} callers in flight, in the order log, baseline, baseline, log. ` +
      'Baseline: the same number of plain multi-row `INSERT`s into the same `audit_entries` table of the same database (with sequence numbers far beyond the log\'s), in transactions of the batch sizes the group commit produced.',
  );
  const rows = [
    ['Yixiang `AuditLog.append`', `**${n(result.yixiang.perSecond)}**`, result.yixiang.reps.map((v) => n(v)).join(' / '), `${n(result.yixiang.batches.count)} × median ${n(result.yixiang.batches.median)}`, ratio(result.ratio)],
    ['Baseline: plain inserts', n(result.baseline.perSecond), result.baseline.reps.map((v) => n(v)).join(' / '), 'same', '1.00×'],
  ];
  parts.push(markdownTable(['', 'Entries/s', 'Repetitions', 'Batches', 'Ratio'], rows));
  if (result.withoutSecondaryIndexes) {
    parts.push(
      `Diagnostic (one run, not a target figure): the same plain inserts after dropping the table's ${n(result.withoutSecondaryIndexes.indexesDropped)} secondary search indexes reached ${n(result.withoutSecondaryIndexes.perSecond)} rows/s, ${ratio(result.withoutSecondaryIndexes.perSecond / result.baseline.perSecond)} the indexed baseline.`,
    );
  }
  if (result.build) {
    parts.push(
      `Building that log from empty to ${n(result.size)} entries through \`AuditLog.append\` (2,000 callers in flight, default options) averaged ${n(result.build.perSecond)} entries/s over ${n(result.build.ms / 1000, 1)} s (no baseline: shown for scale only).`,
    );
  }
  return parts.join('\n\n');
}

const RENDERERS = { append: appendMarkdown, verify: verifyMarkdown, proof: proofMarkdown, scale: scaleMarkdown };
const TITLES = {
  append: () => 'Durable appends into a fresh database — target ≥ 20,000 entries/s on SQLite',
  verify: (r) => `Full verification of ${n(r.size)} entries — target ≥ 300,000 entries/s`,
  proof: (r) => `Inclusion proof at ${n(r.size)} entries — target < 1 ms${r.size === 1_000_000 ? '' : ' (at 1,000,000)'}`,
  scale: (r) => `Durable appends into a log of ${n(r.size)} entries — target ≥ 20,000 entries/s on SQLite`,
};

export function benchMarkdown(name, result, machine) {
  const load = result.load ? `; load average (1 min) ${result.load.before[0]} before, ${result.load.after[0]} after` : '';
  return `### ${TITLES[name](result)}\n\nMeasured ${(result.measuredAt ?? machine.isoDate).slice(0, 16).replace('T', ' ')} UTC${load}.\n\n${RENDERERS[name](result)}`;
}

const HEADER = `# Audit log benchmarks

Produced by \`npm run bench\` (\`node bench/run.mjs\`); see the top of \`bench/run.mjs\` for flags.
Each section is one machine on one day; re-running on the same machine and day replaces the
benchmarks that were re-run. Every figure stands next to a baseline measured in the same run on
the same database, and the ratio is the number to compare across machines: absolute throughput
moves with the CPU, the disk's flush latency and whatever else the machine is doing.

Targets (from the issue): durable appends with group commit ≥ 20,000 entries/s on SQLite
(Trillian with MySQL did ~500/s, Tessera on local disk ~10,000/s); full verification
≥ 300,000 entries/s; an inclusion proof at 1,000,000 entries in < 1 ms. Whether each is met is in
every section's summary; verification uses one worker thread per core, so it needs the cores free.
`;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function replaceBlock(text, tag, body) {
  const pattern = new RegExp(`<!-- ${escape(tag)} -->[\\s\\S]*?<!-- /${escape(tag)} -->`);
  const block = `<!-- ${tag} -->\n${body}\n<!-- /${tag} -->`;
  return pattern.test(text) ? { text: text.replace(pattern, () => block), replaced: true } : { text, replaced: false };
}

/**
 * Writes or updates this machine's section for today. Benchmarks not re-run keep their earlier
 * figures; the machine table always describes the latest run.
 */
export function updateResultsFile(file, { machine, load, results }) {
  const rawFile = file.replace(/\.md$/, '.json');
  const raw = existsSync(rawFile) ? JSON.parse(readFileSync(rawFile, 'utf8')) : {};
  let text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const day = machine.isoDate.slice(0, 10);
  const machineLabel = `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB`;
  const key = `run ${day} ${machineLabel.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const order = ['append', 'scale', 'verify', 'proof'];
  // Raw figures per section, so a partial re-run can still summarise the whole section.
  const merged = { ...(raw[key] ?? {}), ...results };
  raw[key] = merged;
  const summary = summaryRows(merged);
  let section;
  const existing = new RegExp(`<!-- ${escape(key)} -->([\\s\\S]*?)<!-- /${escape(key)} -->`).exec(text);
  if (existing) {
    section = existing[1];
  } else {
    section = `\n## ${day} — ${machineLabel}\n\n<!-- machine -->\n<!-- /machine -->\n\n<!-- summary -->\n<!-- /summary -->\n\n${order.map((name) => `<!-- bench:${name} -->\n<!-- /bench:${name} -->`).join('\n\n')}\n`;
  }
  section = replaceBlock(section, 'machine', `### Machine\n\n${machineMarkdown(machine, load)}`).text;
  section = replaceBlock(section, 'summary', `### Summary\n\n${summaryMarkdown(summary)}`).text;
  for (const name of order) {
    if (results[name]) section = replaceBlock(section, `bench:${name}`, benchMarkdown(name, results[name], machine)).text;
  }
  const wrapped = `<!-- ${key} -->${section}<!-- /${key} -->`;
  text = existing ? text.replace(existing[0], () => wrapped) : `${text.trimEnd()}\n\n${wrapped}\n`;
  writeFileSync(file, text);
  writeFileSync(rawFile, `${JSON.stringify(raw, null, 2)}\n`);
}

function summaryMarkdown(rows) {
  const table = markdownTable(
    ['Figure', 'Yixiang', 'Baseline (same run)', 'Ratio', 'Target', 'Met'],
    rows.map((r) => [r.figure, r.yixiang, r.baseline, r.ratio, r.target, r.met]),
  );
  return `${table}\n\n${RATIO_NOTE}`;
}

export const RATIO_NOTE =
  'Ratio: for throughput, Yixiang ÷ baseline (below 1 = slower than the baseline); for latency, Yixiang ÷ baseline time (above 1 = slower).';
