// The package's name and version, read from package.json next to the sources or the build
// (src/ → .., dist/src/ → ../..), so --version and the logs say what is running.
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

export function packageInfo(): PackageInfo {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as Partial<PackageInfo>;
      if (json.name === 'dangjian-assistant' && typeof json.version === 'string') {
        return { name: json.name, version: json.version, description: json.description ?? '' };
      }
    } catch {
      // not here: try one level up
    }
  }
  return { name: 'dangjian-assistant', version: 'unknown', description: '' };
}
