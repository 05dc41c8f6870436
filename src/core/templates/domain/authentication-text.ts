/**
 * AUTHENTICATION templates carry no body text of their own: Meta renders a preset sentence around
 * the code, in the template's language. Kabar has the English and Indonesian presets; other
 * languages fall back to English.
 */
interface Preset {
  readonly body: string;
  readonly security: string;
  readonly expiry: (minutes: number) => string;
}

const presets: Readonly<Record<string, Preset>> = {
  en: { body: '*{{1}}* is your verification code.', security: 'For your security, do not share this code.', expiry: (minutes) => `This code expires in ${minutes} minutes.` },
  id: { body: '*{{1}}* adalah kode verifikasi Anda.', security: 'Demi keamanan, jangan bagikan kode ini.', expiry: (minutes) => `Kode ini kedaluwarsa dalam ${minutes} menit.` },
};

function presetFor(language: string): Preset {
  return presets[language.split('_')[0] ?? ''] ?? (presets['en'] as Preset);
}

export function authenticationBody(language: string, securityRecommendation: boolean): string {
  const preset = presetFor(language);
  return securityRecommendation ? `${preset.body} ${preset.security}` : preset.body;
}

export function authenticationFooter(language: string, minutes: number | undefined): string | null {
  return minutes === undefined ? null : presetFor(language).expiry(minutes);
}
