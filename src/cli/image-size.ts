// `--max-image-size`: refuse an image whose layers are larger than the given size, compressed before any layer is
// read and uncompressed as they are read (trivy pkg/fanal/artifact/image/image.go checkCompressedImageSize and
// checkUncompressedImageSize). Sizes are read and written as Trivy's
// docker/go-units does: decimal units (kB = 1000 bytes), FromHumanSize and HumanSizeWithPrecision.
import { InputError, UsageError } from '../errors.js';
import type { ImageLayer } from '../source/types.js';

const DECIMAL: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const ABBREVIATIONS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Bytes of a human-readable size ('44kB', '17MB', '1.5g', '100'), or a UsageError as Trivy words it. */
export function parseHumanSize(value: string): number {
  const invalid = (reason: string) => new UsageError(`invalid max image size "${value}": ${reason}`);
  let sep = -1;
  for (let i = value.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(value[i] ?? '')) {
      sep = i;
      break;
    }
  }
  if (sep < 0) throw invalid(`invalid size: '${value}'`);
  const num = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  const suffix = value.slice(sep + 1).toLowerCase();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(num))
    throw invalid(`strconv.ParseFloat: parsing "${num}": invalid syntax`);
  const size = Number(num);
  if (size < 0) throw invalid(`invalid size: '${value}'`);
  if (suffix === '' || suffix === 'b') return Math.trunc(size);
  const multiplier = DECIMAL[suffix[0] ?? ''];
  const rest = suffix.slice(1);
  if (multiplier === undefined || suffix.length > 3 || !['', 'b', 'ib'].includes(rest)) {
    throw invalid(`invalid suffix: '${suffix}'`);
  }
  return Math.trunc(size * multiplier);
}

/** Go's `%.<precision>g`: significant digits, no trailing zeros, exponent form for large or tiny values. */
function goG(value: number, precision: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(precision)))));
  if (exponent < -4 || exponent >= precision) {
    const [mantissa = '', exp = '0'] = value.toExponential(precision - 1).split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${trimmed}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const fixed = value.toPrecision(precision);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A size as go-units' HumanSizeWithPrecision writes it: '2.39kB', '1kB', '512B'. */
export function humanSize(bytes: number, precision = 4): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < ABBREVIATIONS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${goG(size, precision)}${ABBREVIATIONS[unit]}`;
}

/**
 * Throws an InputError when the layers' blobs (compressed, as stored) add up to more than `max` bytes. Layers of
 * unknown size count as empty.
 */
export function checkImageSize(layers: readonly Pick<ImageLayer, 'size'>[], max: number | undefined): void {
  if (!max) return;
  const total = layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  if (total > max) {
    throw new InputError(`compressed image size ${humanSize(total, 3)} exceeds maximum allowed size ${humanSize(max)}`);
  }
}

/**
 * Counts the layers' uncompressed sizes as the walker reads them: an InputError, in Trivy's words, once they add up
 * to more than `max` bytes (Trivy pulls every layer to measure it first; here the scan stops at the layer that
 * passes the limit).
 */
export function uncompressedLimit(max: number): { add(bytes: number): void } {
  let total = 0;
  return {
    add(bytes) {
      total += bytes;
      if (total > max) {
        throw new InputError(
          `uncompressed layers size ${humanSize(total, 3)} exceeds maximum allowed size ${humanSize(max)}`,
        );
      }
    },
  };
}
