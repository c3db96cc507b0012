// Characters a terminal acts on instead of showing: C0 controls (ESC starts sequences that retitle the
// window, move the cursor or clear the screen; CR overwrites the line), DEL, C1 controls (0x9B is a
// one-byte CSI) and the bidirectional overrides that make text read differently from what it holds.
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const controlsAndBreaks = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Human output: text from files shown as `\x1b`, never acted on by the terminal. Line breaks and tabs stay. */
export function escapeControls(text: string): string {
  return text.replace(controls, visible);
}

// An error line names what is wrong; past this it is a file's content, not a message.
const MAX_LINE_CHARS = 1_000;

/** One line of text whatever it holds: controls and line breaks escaped, and cut at a length a terminal shows. */
export function oneLine(text: string): string {
  const line = text.replace(controlsAndBreaks, visible);
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length - MAX_LINE_CHARS} more characters)` : line;
}
