import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { id } from './id.js';

export type Language = 'en' | 'id';
export const languages: readonly Language[] = ['en', 'id'];
const dictionaries: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, id };
const locales: Readonly<Record<Language, string>> = { en: 'en-GB', id: 'id-ID' };
const storageKey = 'kabar.language';

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

interface I18n {
  readonly language: Language;
  setLanguage(language: Language): void;
  readonly t: Translate;
  readonly format: Formats;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(storageKey);
  if (stored === 'en' || stored === 'id') return stored;
  return window.navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(storageKey, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: translator(language), format: formats(language) }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === undefined) throw new Error('useI18n outside I18nProvider');
  return context;
}
