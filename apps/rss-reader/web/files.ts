/** @module Files in and out of the page (OPML): a download from text, the text of a chosen file. */

/** Offers `text` as a download named `name`. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The text of a file the owner chose (UTF-8). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
