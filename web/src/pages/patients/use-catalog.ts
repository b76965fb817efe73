import { useEffect, useState } from 'react';
import { catalogApi } from '../../api/endpoints';
import type { CatalogField, LocalizedName } from '../../api/types';
import { useSession } from '../../auth/session';
import { useLoad } from '../../lib/use-load';

/** Catalog resource names by code, for labelling records; empty without catalog:read. */
export function useCatalogNames(): Map<string, LocalizedName> {
  const { can } = useSession();
  const allowed = can('catalog:read');
  const [names, setNames] = useState<Map<string, LocalizedName>>(new Map());
  useLoad(
    async (signal) => (allowed ? (await catalogApi.list({}, signal)).items : []),
    (items) => setNames(new Map(items.map((item) => [item.code, item.name]))),
    [allowed],
  );
  return names;
}

// A resource's field dictionary changes with a new catalog version, rarely within a page view.
const fieldCache = new Map<string, Promise<CatalogField[]>>();

/** A resource's field dictionary, read once per page view. */
export function catalogFieldsOf(code: string): Promise<CatalogField[]> {
  let found = fieldCache.get(code);
  if (!found) {
    found = catalogApi.get(code).then(
      ({ resource }) => resource.fields,
      (error: unknown) => {
        fieldCache.delete(code);
        throw error;
      },
    );
    fieldCache.set(code, found);
  }
  return found;
}

/**
 * Field dictionaries (labels, FHIR paths) of the given catalog resources, to name masked and omitted
 * fields. Loaded only for the codes asked for; a resource that cannot be read is left out.
 */
export function useCatalogFields(codes: readonly string[]): Record<string, CatalogField[]> {
  const { can } = useSession();
  const allowed = can('catalog:read');
  const [fields, setFields] = useState<Record<string, CatalogField[]>>({});
  const key = [...new Set(codes)].sort().join(',');

  useEffect(() => {
    if (!allowed || !key) return;
    let live = true;
    for (const code of key.split(',')) {
      catalogFieldsOf(code).then(
        (found) => {
          if (live) setFields((shown) => (shown[code] ? shown : { ...shown, [code]: found }));
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [allowed, key]);

  return fields;
}
