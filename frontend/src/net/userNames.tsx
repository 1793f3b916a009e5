// Who did what reads better as 王主任 than as wang.official: the display names of the accounts,
// fetched once per page for people who may read the audit trail, and shown wherever a login name
// would be (the audit trail, acknowledgements, silences). A name the page does not know shows as is.
import { type ReactNode, createContext, useContext, useEffect, useState } from 'react';

type Names = Readonly<Record<string, string>>;

const NamesContext = createContext<Names>({});

/** Provide the names from `load` (a failed load leaves login names showing: nothing is lost). */
export function UserNamesProvider({ load, children }: { load: (() => Promise<{ names: Record<string, string> }>) | null; children: ReactNode }) {
  const [names, setNames] = useState<Names>({});
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then((r) => live && setNames(r.names), (e: unknown) => console.warn('display names could not be loaded; showing login names', e));
    return () => {
      live = false;
    };
  }, [load]);
  return <NamesContext.Provider value={names}>{children}</NamesContext.Provider>;
}

/** The display name of a login name, or the login name itself. */
export function useDisplayName(): (login: string) => string {
  const names = useContext(NamesContext);
  return (login) => names[login] ?? login;
}
