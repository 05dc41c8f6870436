/** Strings and formats by language, without React: the provider (`i18n.tsx`) and the tests use them. */
import { en, type MessageKey } from './en.js';
import { id } from './id.js';

export type Language = 'en' | 'id';
export const languages: readonly Language[] = ['en', 'id'];
const dictionaries: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, id };
const locales: Readonly<Record<Language, string>> = { en: 'en-GB', id: 'id-ID' };

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** Fills `{name}` placeholders. */
export function interpolate(text: string, values?: Readonly<Record<string, string | number>>): string {
  if (values === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translator(language: Language): Translate {
  return (key, values) => interpolate(dictionaries[language][key], values);
}

/** Dates, numbers and money in the reader's language, through Intl. */
export interface Formats {
  dateTime(iso: string | null | undefined): string;
  time(iso: string | null | undefined): string;
  number(value: number): string;
  /** Rupiah: the currency the guide's readers pay in. */
  money(value: number, currency?: string): string;
}

export function formats(language: Language): Formats {
  const locale = locales[language];
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso) => (iso === null || iso === undefined ? '—' : dateTime.format(new Date(iso))),
    time: (iso) => (iso === null || iso === undefined ? '—' : time.format(new Date(iso))),
    number: (value) => number.format(value),
    money: (value, currency = 'IDR') => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value),
  };
}

