/** The registry: every metric source has its adapter, and every form label and credential label is in en and ja. */
import { describe, expect, it } from 'vitest';
import { en, ja } from '../../i18n/catalog';
import { METRIC_SOURCE_IDS } from '../types';
import { METRIC_ADAPTERS } from './index';

describe('METRIC_ADAPTERS', () => {
  it('has an adapter per metric source, its fields labelled in both languages, no credential among them', () => {
    for (const id of METRIC_SOURCE_IDS) {
      const adapter = METRIC_ADAPTERS[id];
      expect(adapter?.id).toBe(id);
      const labels = [
        ...(adapter?.fields ?? []).flatMap((f) => [
          f.label,
          f.hint,
          ...(f.options ?? []).map((o) => o.label),
        ]),
        adapter?.secretLabel,
      ];
      for (const key of labels.filter((k): k is string => k !== undefined)) {
        expect(en, key).toHaveProperty([key]);
        expect(ja, key).toHaveProperty([key]);
      }
      expect(adapter?.fields.map((f) => f.name)).not.toContain('secret');
      if (adapter?.secret !== 'none') expect(adapter?.secretLabel).toBeDefined();
    }
  });
});
