import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Noto Sans Hans (SIL OFL 1.1) from the `@embedpdf/fonts-sc` package: the smallest npm package we
 * found whose fonts cover all 6,763 GB2312 hanzi (in fact the whole Noto Sans CJK SC set). It
 * installs with the project, so rendering never downloads a font or depends on the system's.
 * pdfkit embeds only the glyphs a report uses.
 */
export const FONT_PACKAGE = '@embedpdf/fonts-sc';

export interface ReportFonts {
  regular: string;
  bold: string;
}

let resolved: ReportFonts | undefined;

/**
 * The package exports only its index, not its font files, so we locate its `fonts/` folder from the
 * index's path; `fonts/*.otf` is the layout its package.json publishes and its index lists.
 */
export function reportFonts(): ReportFonts {
  if (!resolved) {
    const index = createRequire(import.meta.url).resolve(FONT_PACKAGE);
    const folder = join(dirname(index), '..', 'fonts');
    resolved = { regular: join(folder, 'NotoSansHans-Regular.otf'), bold: join(folder, 'NotoSansHans-Bold.otf') };
  }
  return resolved;
}
