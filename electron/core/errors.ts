/** Where in an input file a problem is: shown to the user as `file: row N, column "X": message`. */
export interface FileLocation {
  file: string;
  row?: number;
  column?: string;
}

/** An error the user can act on. `code` is stable for scripts and the UI; the message is one line. */
export class ShopfloorError extends Error {
  readonly code: string;
  readonly location: FileLocation | undefined;

  constructor(code: string, message: string, location?: FileLocation) {
    super(message);
    this.name = 'ShopfloorError';
    this.code = code;
    this.location = location;
  }

  /** One line naming the file, row and column where they apply. */
  describe(): string {
    if (!this.location) return this.message;
    const where = [this.location.file];
    if (this.location.row !== undefined) where.push(`row ${this.location.row}`);
    if (this.location.column !== undefined) where.push(`column "${this.location.column}"`);
    return `${where.join(', ')}: ${this.message}`;
  }
}

export function isShopfloorError(error: unknown): error is ShopfloorError {
  return error instanceof ShopfloorError;
}
