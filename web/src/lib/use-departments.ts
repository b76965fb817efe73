import { useCallback, useEffect, useState } from 'react';
import { departmentsApi } from '../api/endpoints';
import type { Department } from '../api/types';
import { useSession } from '../auth/session';

export interface DepartmentList {
  departments: Department[];
  loading: boolean;
  error: unknown;
  reload: () => Promise<void>;
}

/** Departments for pickers and tables; empty (not an error) for users who may not list them. */
export function useDepartments(): DepartmentList {
  const { can } = useSession();
  const allowed = can('department:read');
  const [departments, setDepartments] = useState<Department[]>([]);
  const [loading, setLoading] = useState(allowed);
  const [error, setError] = useState<unknown>();

  const reload = useCallback(async () => {
    if (!allowed) return;
    setLoading(true);
    try {
      const { items } = await departmentsApi.list();
      setDepartments(items);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, [allowed]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { departments, loading, error, reload };
}
