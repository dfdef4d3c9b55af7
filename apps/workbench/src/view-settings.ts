/**
 * Settings of how the workbench looks, kept per browser in `localStorage`
 * (under `glossa:setting:<name>`), not per user: they say nothing about
 * anyone's work, so signing out leaves them. A browser that refuses
 * storage gets the defaults and keeps changes for the page's lifetime.
 */
import { useState } from 'preact/hooks';

/** A boolean setting: its storage name and its default. */
export interface FlagSetting {
  readonly name: string;
  readonly fallback: boolean;
}

/** Label names shown on the spans of the document view. @default off */
export const LABEL_NAMES_ON_SPANS: FlagSetting = { name: 'label-names-on-spans', fallback: false };

function storageKey(setting: FlagSetting): string {
  return `glossa:setting:${setting.name}`;
}

/** The stored value of a setting, or its default. */
export function readFlag(setting: FlagSetting, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    const stored = storage?.getItem(storageKey(setting));
    return stored === 'true' ? true : stored === 'false' ? false : setting.fallback;
  } catch {
    return setting.fallback;
  }
}

/** Stores a setting's value; returns whether the browser kept it. */
export function writeFlag(setting: FlagSetting, value: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(storageKey(setting), String(value));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** A setting as component state, stored whenever it changes. */
export function useFlag(setting: FlagSetting): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => readFlag(setting));
  return [
    value,
    (next: boolean) => {
      writeFlag(setting, next);
      setValue(next);
    },
  ];
}
