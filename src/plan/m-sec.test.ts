/** The embedded M-Sec plan (plans/m-sec.yaml) loads and holds every row of every table of D5.2. */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan } from './checks';
import { formatIssue, loadPlanFile } from './loader';
import { localize, type Plan } from './schema';

const FILE = fileURLToPath(new URL('../../plans/m-sec.yaml', import.meta.url));
let plan: Plan;

beforeAll(async () => {
  const result = await loadPlanFile(FILE);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  plan = result.plan;
});

describe('M-Sec plan', () => {
  it('describes the project', () => {
    const p = plan.project;
    expect([p.acronym, p.programme, p.start_date, p.duration_months]).toEqual([
      'M-Sec',
      'H2020',
      '2018-07-01',
      36,
    ]);
    expect(p.grants.map((g) => `${g.funder} ${g.number}`)).toEqual(['EC 814917', 'NICT 19501']);
    expect(p.languages).toEqual(['en', 'ja']);
    expect(p.dissemination_leads).toEqual(['F6S', 'NTTE']);
    expect(p.source?.version_history.map((v) => v.version)).toEqual(['V01', 'V02', 'V03']);
  });

  it('has the 12 partners with their regions', () => {
    const byRegion = (region: string) => plan.partners.filter((p) => p.region === region).map((p) => p.code);
    expect(byRegion('EU')).toEqual(['WLI', 'ICCS', 'CEA', 'F6S', 'TST', 'AYTOSAN']);
    expect(byRegion('JP')).toEqual(['NTTE', 'KEIO', 'YNU', 'NII', 'WU', 'NTTDMC']);
    expect(plan.partners.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('keeps the Table 6 channels of each partner', () => {
    const kinds = (code: string) => plan.partners.find((p) => p.code === code)?.channels.map((c) => c.kind);
    expect(kinds('WLI')).toEqual([
      'website',
      'twitter',
      'twitter',
      'linkedin',
      'facebook',
      'press_releases',
      'newsletter',
      'blog',
    ]);
    expect(kinds('ICCS')).toEqual(['website']);
    expect(kinds('NTTE')).toEqual(['website', 'twitter', 'facebook', 'youtube', 'newsletter', 'blog']);
    expect(kinds('NTTDMC')).toEqual(['website', 'twitter', 'linkedin', 'facebook']);
  });

  it('has the 5 audiences with Japanese names', () => {
    expect(plan.audiences.map((a) => a.id)).toEqual([
      'general-public',
      'research-community',
      'standards-bodies',
      'cities-community',
      'eu-japan-initiatives',
    ]);
    for (const a of plan.audiences) expect(localize(a.name, 'ja')).not.toBe(localize(a.name, 'en'));
  });

  it('has the general and technical key messages in English and Japanese', () => {
    expect(plan.key_messages.map((m) => m.audience)).toEqual(['general', 'technical']);
    for (const m of plan.key_messages) expect(typeof m.text === 'object' && m.text.ja).toBeTruthy();
  });

  it('has every public deliverable of Table 3 with its due month', () => {
    const counts = plan.work_packages.map((wp) => wp.deliverables.length);
    expect(counts).toEqual([1, 8, 5, 10, 11]);
    const due = Object.fromEntries(
      plan.work_packages.flatMap((wp) => wp.deliverables).map((d) => [d.code, d.due_month]),
    );
    expect(due).toMatchObject({
      'D1.5': 6,
      'D2.2': 8,
      'D2.6': 21,
      'D2.7': 33,
      'D3.3': 12,
      'D4.10': 30,
      'D5.1': 2,
      'D5.10': 32,
      'D5.11': 24,
    });
    expect(
      plan.work_packages.flatMap((wp) => wp.deliverables).every((d) => d.dissemination_level === 'PU'),
    ).toBe(true);
  });

  it('has the 18 KPIs with the seed targets and comparators', () => {
    expect(plan.kpis.map((k) => `${k.comparator} ${k.target}`)).toEqual([
      '>= 15',
      '>= 4',
      '>= 3000',
      '> 500',
      '>= 200',
      '>= 2',
      '>= 15',
      '>= 3',
      '>= 2',
      '> 3',
      '>= 4',
      '>= 10',
      '> 1',
      '>= 1000',
      '>= 2',
      '> 4',
      '> 4',
      '> 3',
    ]);
    const conference = plan.kpis.find((k) => k.id === 'conference-publications');
    expect(conference?.target_text).toBe('15 incl. 5 joint (EU/JP)');
    expect(conference?.parts).toMatchObject([{ id: 'joint-eu-jp', target: 5, where: { joint_eu_jp: true } }]);
    const training = plan.kpis.find((k) => k.id === 'training-community-events');
    expect(training?.parts).toMatchObject([
      { id: 'sized-20-50', target: 10, where: { participants: { between: [20, 50] } } },
    ]);
    expect(plan.kpis.find((k) => k.id === 'government-invitations')?.measure).toEqual({
      kind: 'manual',
      evidence_required: true,
    });
    for (const k of plan.kpis) expect(localize(k.label, 'ja')).not.toBe(localize(k.label, 'en'));
  });

  it('has the 7 planned events of Table 4', () => {
    const events = plan.events.planned;
    expect(events).toHaveLength(7);
    expect(events.map((e) => `${e.start_date} ${e.country} ${e.partners.join('+')}`)).toEqual([
      '2018-09-18 CO AYTOSAN',
      '2018-10-16 ES TST+KEIO+WLI',
      '2018-11-01 ES WLI+AYTOSAN',
      '2018-11-20 ES AYTOSAN',
      '2018-12-03 AT WLI',
      '2018-12-04 AT CEA+WLI+F6S',
      '2019-03-11 JP KEIO',
    ]);
    expect(events[2]?.date_precision).toBe('month');
  });

  it('has the 11 standard bodies of Table 5, inferred names marked', () => {
    const bodies = plan.synergies?.standard_bodies ?? [];
    expect(bodies.map((b) => b.id)).toEqual([
      'aioti-wg05',
      'ierc-aioti-wg01',
      'osgi-alliance',
      'fiware',
      'onem2m',
      'w3c-wot',
      'ogf-occi',
      'oasis-tosca',
      'itu-t-gsi',
      'ieee-p2413',
      'hyperledger',
    ]);
    expect(bodies.filter((b) => b.inferred).map((b) => b.id)).toEqual([
      'fiware',
      'onem2m',
      'w3c-wot',
      'ogf-occi',
      'oasis-tosca',
    ]);
  });

  it('has the 10 responsibilities and the 9 partner actions', () => {
    expect(plan.responsibilities.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.responsibilities.filter((r) => r.group === 'events')).toHaveLength(5);
    expect(plan.responsibilities.find((r) => r.number === 5)?.record_type).toBe('publication');
    expect(plan.partner_actions.map((a) => a.section)).toEqual([
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '4.6',
      '4.7',
      '4.8',
      '4.9',
    ]);
  });

  it('has the 12 timeline rows of Figure 10, all estimated', () => {
    expect(plan.timeline.map((t) => localize(t.label, 'en'))).toEqual([
      'Flyer',
      'Poster',
      'Roll up',
      'Generic Presentation',
      'Business Card',
      'Comics Book',
      'Press Releases',
      'Newsletters',
      'Toolkits/SDKs',
      'Scientific Papers',
      'White Paper',
      'Tutorials/Cookbook',
    ]);
    expect(plan.timeline.every((t) => t.estimated && t.estimate_reason && t.months.length > 0)).toBe(true);
    expect(plan.timeline.find((t) => t.id === 'newsletters')?.months).toEqual([6, 12, 18, 24, 30, 36]);
    expect(plan.timeline.find((t) => t.id === 'toolkits-sdks')?.responsible).toEqual(['ICCS', 'NII']);
  });

  it('declares the cadences, the website and the reporting tables', () => {
    expect(plan.cadence.find((c) => c.kind === 'newsletter')).toMatchObject({ per_year: 2, total: 6 });
    expect(plan.cadence.find((c) => c.kind === 'press_release')).toMatchObject({ total: 6, estimated: true });
    expect(plan.website?.maintained_after_end_months).toBe(36);
    expect(plan.reporting?.tracking_tables.map((t) => t.record_type)).toEqual([
      'activity',
      'event',
      'synergy',
      'publication',
    ]);
    expect(plan.identity?.required_emblems).toEqual(['eu-emblem', 'nict-emblem']);
  });

  it('reports the newsletter, contest and social-spelling inconsistencies of the seed, and nothing else', () => {
    expect(checkPlan(plan).map((w) => `${w.severity} ${w.code} ${w.path}`)).toEqual([
      'warning kpi-target-beyond-plan kpis.12.target',
      'warning kpi-cadence-mismatch kpis.1.target',
      'warning social-account-spelling channels.1.aliases.0',
      'warning social-account-spelling channels.2.aliases.0',
    ]);
    const newsletter = checkPlan(plan).find((w) => w.code === 'kpi-cadence-mismatch');
    expect(newsletter?.message).toBe(
      'KPI "Newsletters" targets >= 4 but cadence.0 (newsletter) declares 6 in total',
    );
  });

  it('records its transcription notes', () => {
    const notes = plan.transcription_notes.map((n) => n.note).join('\n');
    for (const fix of ['Fuijsawa', 'IniSmart', 'Symposium on ICT call', '5.4 Partners', 'NTTDMC', 'ATOS'])
      expect(notes).toContain(fix);
  });
});
