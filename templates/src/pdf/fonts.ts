// Font files come from npm packages, resolved at run time from wherever node_modules is (works from src/ under
// tools and from dist/src/ in production): no font is copied into the repository.
import { dirname, join } from 'node:path';
import type { FaceSet } from './bidi-text';

/**
 * `amiri`: Amiri (Latin + Arabic in one face, regular/bold/italic).
 * `noto`: Noto Naskh Arabic for Arabic script and digits, Amiri for Latin letters (Noto Naskh has none).
 */
export type FontChoice = 'amiri' | 'noto';
export const DEFAULT_FONTS: FontChoice = 'amiri';

function amiri(variant: '400Regular' | '700Bold' | '400Regular_Italic'): string {
  return require.resolve(`@expo-google-fonts/amiri/${variant}/Amiri_${variant}.ttf`);
}

function noto(weight: 'Regular' | 'Bold'): string {
  // the package's `exports` map hides fonts/: resolve its entry point and go up
  return join(dirname(require.resolve('@embedpdf/fonts-arabic')), '..', 'fonts', `NotoNaskhArabic-${weight}.ttf`);
}

export function faceSet(choice: FontChoice): FaceSet {
  const amiriRegular = { name: 'Amiri', file: amiri('400Regular') };
  const amiriBold = { name: 'Amiri-Bold', file: amiri('700Bold') };
  const amiriItalic = { name: 'Amiri-Italic', file: amiri('400Regular_Italic') };
  if (choice === 'amiri') return { regular: [amiriRegular], bold: [amiriBold], italic: [amiriItalic] };
  const notoRegular = { name: 'NotoNaskh', file: noto('Regular') };
  const notoBold = { name: 'NotoNaskh-Bold', file: noto('Bold') };
  return {
    regular: [notoRegular, amiriRegular],
    bold: [notoBold, amiriBold],
    italic: [amiriItalic, notoRegular],
  };
}
