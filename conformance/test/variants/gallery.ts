import { readdirSync } from 'node:fs';
import type { Variant } from './variant.js';

/** Every variant of the gallery (one file each in ./gallery), sorted by id. */
export async function loadVariants(): Promise<Variant[]> {
  const dir = new URL('./gallery/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const variants: Variant[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as { variant: Variant };
    if (mod.variant.id !== file.replace(/\.ts$/, ''))
      throw new Error(`${file} exports variant "${mod.variant.id}"; name the file after the id`);
    variants.push(mod.variant);
  }
  return variants;
}
