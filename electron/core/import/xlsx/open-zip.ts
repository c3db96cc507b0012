import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { isShopfloorError } from '../../errors.ts';
import { formatCount, formatSize } from './format-size.ts';
import { quoteName, xlsxError } from './xlsx-error.ts';
import { MAX_ZIP_ENTRIES, ZIP_BOMB_MIN_BYTES, type XlsxLimits } from './xlsx-limits.ts';

/** How much of one part may be unpacked, and how to name it in a message. */
export interface PartBudget {
  maxBytes: number;
  /** Which limit applies, for the message: "maxPartBytes". */
  limitName: string;
  /** The part as a clerk would recognise it: `sheet "Sales"`, "the styles (xl/styles.xml)". */
  label: string;
}

export interface ZipArchive {
  /** The stored name of a part, matched exactly and then case-insensitively (OPC names ignore case). */
  find(name: string): string | undefined;
  /** Every stored file name (folders left out). */
  names(): string[];
  /** Refuses a part whose declared size or compression ratio is over budget, before reading any of it. */
  check(name: string, budget: PartBudget): void;
  /** The unpacked bytes of a part, pulled chunk by chunk; ending iteration early destroys the streams. */
  read(name: string, budget: PartBudget): AsyncIterable<Buffer>;
  /** Packed bytes consumed so far, over all parts read. */
  compressedBytesRead(): number;
  close(): Promise<void>;
}

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const STORED = 0;
const DEFLATED = 8;

export async function openZip(file: string, displayName: string, limits: XlsxLimits): Promise<ZipArchive> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
    });
  } catch (error) {
    throw await notAWorkbook(file, displayName, error);
  }
  // A late fd-close failure is emitted as 'error'; unheard, it would crash the process.
  zip.on('error', () => {});
  try {
    const entries = await indexEntries(zip, displayName);
    return new YauzlArchive(zip, entries, displayName, limits.maxRatio);
  } catch (error) {
    await closeZip(zip);
    throw error;
  }
}

async function notAWorkbook(file: string, displayName: string, error: unknown): Promise<Error> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return xlsxError('xlsx_not_a_workbook', displayName, 'the file does not exist');
  if (code === 'EACCES' || code === 'EPERM') {
    return xlsxError('xlsx_not_a_workbook', displayName, 'the file cannot be opened: permission denied');
  }
  if (code === 'EISDIR') return xlsxError('xlsx_not_a_workbook', displayName, 'this is a folder, not an Excel workbook');
  if (await startsWith(file, CFB_SIGNATURE)) {
    return xlsxError(
      'xlsx_not_a_workbook',
      displayName,
      'this is an old-format .xls file or a password-protected workbook; open it in Excel and save it as .xlsx without a password',
    );
  }
  return xlsxError('xlsx_not_a_workbook', displayName, 'this is not a workbook Shopfloor can read (.xlsx, .xls, .xlsb, .ods); it may be damaged, cut short or another kind of file');
}

async function startsWith(file: string, signature: Buffer): Promise<boolean> {
  try {
    const handle = await openFile(file, 'r');
    try {
      const head = Buffer.alloc(signature.length);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return bytesRead === head.length && head.equals(signature);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

async function indexEntries(zip: ZipFile, displayName: string): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    throw xlsxError(
      'xlsx_too_large',
      displayName,
      `the workbook holds ${formatCount(zip.entryCount)} files inside; the limit is ${formatCount(MAX_ZIP_ENTRIES)}`,
    );
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entries.has(entry.fileName)) {
        throw xlsxError('xlsx_malformed', displayName, `the workbook is damaged: it contains ${quoteName(entry.fileName)} twice`);
      }
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    if (isShopfloorError(error)) throw error;
    throw xlsxError('xlsx_malformed', displayName, `the workbook is damaged and cannot be unpacked (${describe(error)})`);
  }
  return entries;
}

class YauzlArchive implements ZipArchive {
  private readonly byLowerName = new Map<string, string>();
  private readonly open = new Set<Readable>();
  private compressed = 0;
  private closed = false;

  constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly displayName: string,
    private readonly maxRatio: number,
  ) {
    for (const name of entries.keys()) {
      const lower = name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, name);
    }
  }

  find(name: string): string | undefined {
    if (this.entries.has(name)) return name;
    return this.byLowerName.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  compressedBytesRead(): number {
    return this.compressed;
  }

  check(name: string, budget: PartBudget): void {
    this.entry(name, budget);
  }

  async *read(name: string, budget: PartBudget): AsyncGenerator<Buffer> {
    if (this.closed) throw new Error(`${this.displayName} is already closed`);
    const entry = this.entry(name, budget);
    const raw = await this.openRaw(entry, budget);
    if (this.closed) {
      raw.destroy();
      throw this.closedWhileReading(budget);
    }
    const inflate = entry.compressionMethod === DEFLATED ? createInflateRaw({ chunkSize: 64 * 1024 }) : undefined;
    const unpacked: Readable = inflate ? pipeline(raw, inflate, () => {}) : raw;
    this.open.add(raw).add(unpacked);
    let produced = 0;
    let counted = 0;
    try {
      for await (const chunk of unpacked as AsyncIterable<Buffer>) {
        produced += chunk.length;
        const consumed = inflate ? inflate.bytesWritten : produced;
        this.compressed += consumed - counted;
        counted = consumed;
        if (produced > budget.maxBytes) throw this.tooLarge(budget);
        // The declared size passed the budget checks; the data must not outgrow it.
        if (produced > entry.uncompressedSize) throw this.sizeMismatch(budget);
        yield chunk;
      }
      this.compressed += entry.compressedSize - counted;
      if (produced !== entry.uncompressedSize) throw this.sizeMismatch(budget);
    } catch (error) {
      if (isShopfloorError(error)) throw error;
      // close() destroyed the streams under a reader still pulling rows: not the file's fault.
      if (this.closed) throw this.closedWhileReading(budget);
      throw xlsxError('xlsx_malformed', this.displayName, `${budget.label} is damaged and cannot be unpacked (${describe(error)})`);
    } finally {
      raw.destroy();
      unpacked.destroy();
      this.open.delete(raw);
      this.open.delete(unpacked);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.open) stream.destroy();
    this.open.clear();
    await closeZip(this.zip);
  }

  private entry(name: string, budget: PartBudget): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw xlsxError('xlsx_malformed', this.displayName, `the workbook is damaged: ${budget.label} is missing`);
    const declared = entry.uncompressedSize;
    if (declared > ZIP_BOMB_MIN_BYTES && declared > entry.compressedSize * this.maxRatio) {
      const ratio = entry.compressedSize > 0 ? Math.round(declared / entry.compressedSize) : Infinity;
      throw xlsxError(
        'xlsx_zip_bomb',
        this.displayName,
        `the file looks like a zip bomb: ${budget.label} would grow from ${formatSize(entry.compressedSize)} to ${formatSize(declared)} ` +
          `(${formatCount(ratio)} times; the limit is ${formatCount(this.maxRatio)} times), so it was not opened`,
      );
    }
    if (declared > budget.maxBytes) throw this.tooLarge(budget, declared);
    if (entry.isEncrypted()) {
      throw xlsxError('xlsx_malformed', this.displayName, `${budget.label} is encrypted; save the workbook without a password`);
    }
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw xlsxError('xlsx_malformed', this.displayName, `${budget.label} is packed in a way Excel does not use (method ${entry.compressionMethod})`);
    }
    return entry;
  }

  private async openRaw(entry: Entry, budget: PartBudget): Promise<Readable> {
    try {
      return await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    } catch (error) {
      if (this.closed) throw this.closedWhileReading(budget);
      throw xlsxError('xlsx_malformed', this.displayName, `${budget.label} is damaged and cannot be unpacked (${describe(error)})`);
    }
  }

  private closedWhileReading(budget: PartBudget): Error {
    return new Error(`${this.displayName} was closed while ${budget.label} was being read`);
  }

  /** `declared` is the size from the zip directory; without it the data outgrew the limit while unpacking. */
  private tooLarge(budget: PartBudget, declared?: number): Error {
    const size = declared === undefined ? `more than ${formatSize(budget.maxBytes)}` : formatSize(declared);
    return xlsxError(
      'xlsx_too_large',
      this.displayName,
      `${budget.label} is too large: ${size} when unpacked; the limit (${budget.limitName}) is ${formatSize(budget.maxBytes)}`,
    );
  }

  private sizeMismatch(budget: PartBudget): Error {
    return xlsxError('xlsx_malformed', this.displayName, `${budget.label} is damaged: its size does not match the zip directory`);
  }
}

function closeZip(zip: ZipFile): Promise<void> {
  if (!zip.isOpen) return Promise.resolve();
  return new Promise((resolve) => {
    // yauzl closes the descriptor once every stream has let go of it; all of ours are destroyed by now,
    // but a stuck close must not hang the caller.
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    zip.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    zip.close();
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
