import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDelimited } from '../fixtures/pos-csv.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('a text file whose encoding cannot be told', () => {
  it('stops and asks for --encoding, naming the byte where UTF-8 fails, instead of importing garbled text', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // A UTF-8 members sheet with one byte of another encoding in it: as Big5 (and as Shift_JIS) it decodes
    // without an error, and garbled.
    const text = toDelimited([['user_id', 'name', 'note'], ['M1', 'José Müller', 'café'], ['M2', 'Zoë', 'Cafés']]);
    const utf8 = Buffer.from(text, 'utf8');
    const at = utf8.lastIndexOf(Buffer.from('é', 'utf8'));
    const bytes = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xe9]), utf8.subarray(at + 2)]);
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, bytes);
    expect(() => new TextDecoder('big5', { fatal: true }).decode(bytes)).not.toThrow();

    const run = await cli(['import', file, '--kind', 'members', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`shopfloor: members.csv: the text is not valid UTF-8 at byte ${at}, and which encoding it is instead cannot be told for sure: choose it with --encoding (utf-8, shift_jis, big5, utf-16le)\n`);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toEqual([]);

    // A few stray bytes in an otherwise ASCII file are no evidence either.
    const latin = path.join(dir, 'latin.csv');
    fs.writeFileSync(latin, Buffer.concat([Buffer.from('user_id,name\nM3,Caf'), Buffer.from([0xe9, 0x20, 0x4e]), Buffer.from('oir\n')]));
    expect((await cli(['import', latin, '--kind', 'members', '--db', db])).stderr).toMatch(/^shopfloor: latin\.csv: the text is not valid UTF-8 at byte 19,/);

    // Told an encoding, it reads the file in it: the choice is the user's.
    const told = await cli(['import', file, '--kind', 'members', '--encoding', 'big5', '--db', db, '--json']);
    expect(told.code).toBe(0);
  });
});
