/**
 * A process that opens a SQLite database as Kabar does and then closes it (`close`, ending with exit
 * code 3 once closed) or leaves it open (`leave`): the checkpointer thread must neither end the
 * process before the close has finished nor keep it alive after its work is done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';

const mode = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), 'kabar-process-'));
// When the process exits (closed or left open), its data dir goes with it; an 'exit' listener keeps
// nothing alive. A process killed by a signal skips it, as it skips every 'exit' listener.
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
void (async () => {
  const open = await openDatabase({ dataDir });
  await migrateToLatest(open.db, open.schema);
  if (mode === 'close') {
    await open.close();
    process.exitCode = 3;
  }
})();
