/**
 * The registry of dataset formats, by command-line name.
 */
import type { FormatAdapter } from './adapter.js';
import { bratFormat } from './brat.js';
import { conllFormat } from './conll.js';
import { csvFormat } from './csv.js';
import { doccanoFormat } from './doccano.js';
import { hfFormat } from './hf.js';
import { jsonlFormat } from './jsonlformat.js';
import { labelStudioFormat } from './labelstudio.js';
import { htmlFormat, mdFormat, txtFormat } from './plaintext.js';
import { spacyFormat } from './spacy.js';
import { spacyJsonFormat } from './spacyjson.js';
import { w3cFormat } from './w3c-format.js';
import { webannoFormat } from './webanno.js';

/** Every format, exporters first. */
export const formats: readonly FormatAdapter[] = [
  jsonlFormat,
  hfFormat,
  conllFormat,
  spacyFormat,
  spacyJsonFormat,
  bratFormat,
  w3cFormat,
  labelStudioFormat,
  doccanoFormat,
  webannoFormat,
  csvFormat,
  txtFormat,
  mdFormat,
  htmlFormat,
];

/** The format with a name, or `undefined`. */
export function getFormat(name: string): FormatAdapter | undefined {
  return formats.find((f) => f.name === name);
}

/** The names of formats that can export. */
export const exportFormatNames: readonly string[] = formats.filter((f) => f.export !== undefined).map((f) => f.name);

/** The names of formats that can import. */
export const importFormatNames: readonly string[] = formats.filter((f) => f.import !== undefined).map((f) => f.name);
