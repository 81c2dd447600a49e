const DELIMITER = /[,\r\n]/g;

/**
 * Records of RFC 4180 CSV (a BOM, quoted fields with doubled quotes and line breaks, LF or CRLF
 * line ends), leniently: a character after a closing quote joins the field, rows may differ in
 * length. With `truncated`, the text is the start of a longer file and a last record without its
 * line end is dropped, so the start of a file gives the same records however it was cut. Reading
 * the report's excerpts this way is several times faster than csv-parse's general parser.
 */
export function parseCsv(text: string, options: { maxRecords?: number; truncated?: boolean } = {}): string[][] {
  const records: string[][] = [];
  const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n && records.length < max) {
    const record: string[] = [];
    let ended = false;
    for (;;) {
      let value = '';
      if (text.charCodeAt(i) === 0x22) {
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) {
            value += text.slice(from);
            i = n;
            break;
          }
          value += text.slice(from, quote);
          if (text.charCodeAt(quote + 1) === 0x22) {
            value += '"';
            from = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
      }
      DELIMITER.lastIndex = i;
      const next = DELIMITER.exec(text);
      const stop = next ? next.index : n;
      value += text.slice(i, stop);
      i = stop;
      record.push(value);
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      // A CR last in a cut-off text may be the first half of a CRLF: the record is not yet ended.
      if (c === 0x0a || (c === 0x0d && (i + 1 < n || options.truncated !== true))) {
        i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
        ended = true;
      }
      break;
    }
    if (!ended) {
      // Only the end of the text leaves a record without its line end.
      if (options.truncated !== true) records.push(record);
      break;
    }
    records.push(record);
  }
  return records;
}
