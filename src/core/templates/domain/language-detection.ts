/**
 * Which language a text is written in, by eld (Efficient Language Detector, an n-gram detector of 60
 * languages). Its database is loaded on first use, so a Kabar that never lints pays nothing for it.
 */
export interface LanguageDetection {
  /** ISO 639-1, or '' when nothing was detected. */
  readonly language: string;
  readonly reliable: boolean;
  readonly scores: Readonly<Record<string, number>>;
  /** The languages the detector knows: a declared language outside them is not judged. */
  readonly supported: ReadonlySet<string>;
}

export type LanguageDetector = (text: string) => Promise<LanguageDetection>;

interface Eld {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
  info(): { Languages: Record<number, string> };
}

let loading: Promise<{ eld: Eld; supported: ReadonlySet<string> }> | undefined;

function load(): Promise<{ eld: Eld; supported: ReadonlySet<string> }> {
  loading ??= import('eld/extrasmall').then((module) => {
    const eld = module.eld as Eld;
    return { eld, supported: new Set(Object.values(eld.info().Languages)) };
  });
  return loading;
}

export const detectLanguage: LanguageDetector = async (text) => {
  const { eld, supported } = await load();
  const result = eld.detect(text);
  return { language: result.language, reliable: result.isReliable(), scores: result.getScores(), supported };
};
