import { readdirSync } from 'node:fs';
import type { Fault } from './fault.js';

/** Every fault of the gallery (one file each in ./gallery), sorted by id. */
export async function loadGallery(): Promise<Fault[]> {
  const dir = new URL('./gallery/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const faults: Fault[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as { fault: Fault };
    if (mod.fault.id !== file.replace(/\.ts$/, ''))
      throw new Error(`${file} exports fault "${mod.fault.id}"; name the file after the id`);
    faults.push(mod.fault);
  }
  return faults;
}
