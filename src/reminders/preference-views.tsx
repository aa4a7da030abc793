/** The mail preference pages: one topic reached from a mail's link (no sign-in), and a member's own page. */
import type { FC } from 'hono/jsx';
import { formatDate, type Lang, type MessageKey, type Translator } from '../i18n';
import type { MailTopic, PreferenceTopic } from '../mail/preferences';
import { CsrfField } from '../ui/form';
import { Layout, type NavProject } from '../ui/layout';
import type { PreferenceAction, TopicState } from './preference-state';

interface Frame {
  t: Translator;
  lang: Lang;
  path: string;
}

const topicName = (t: Translator, topic: PreferenceTopic) => t(`prefs.topic.${topic}` as MessageKey);

export function stateText(f: Pick<Frame, 't' | 'lang'>, s: TopicState): string {
  switch (s.kind) {
    case 'on':
      return f.t('prefs.state.on');
    case 'off':
      return f.t('prefs.state.off');
    case 'snoozed':
      return f.t('prefs.state.snoozed', { date: formatDate(f.lang, s.until) });
    case 'optIn':
      return f.t('prefs.state.optIn');
  }
}

/** The buttons that make sense in a state (each submits `action`). */
function actionsFor(topic: PreferenceTopic, s: TopicState): PreferenceAction[] {
  const out: PreferenceAction[] = [];
  if (s.kind === 'on' || s.kind === 'snoozed') out.push('unsubscribe');
  if (topic !== 'all' && !(s.kind === 'off' && s.all)) out.push('unsubscribe-all');
  if (s.kind === 'on') out.push('snooze-14', 'snooze-30');
  if (s.kind !== 'on') out.push('opt-in');
  return out;
}

const ACTION_LABELS: Record<PreferenceAction, MessageKey> = {
  unsubscribe: 'prefs.unsubscribe',
  'unsubscribe-all': 'prefs.unsubscribeAll',
  'snooze-14': 'prefs.snooze14',
  'snooze-30': 'prefs.snooze30',
  'opt-in': 'prefs.optIn',
};

const Buttons: FC<{ t: Translator; topic: PreferenceTopic; state: TopicState }> = ({ t, topic, state }) => (
  <p class="actions">
    {actionsFor(topic, state).map((a) => (
      <button type="submit" name="action" value={a} class={a === 'opt-in' ? undefined : 'secondary'}>
        {t(ACTION_LABELS[a])}
      </button>
    ))}
  </p>
);

/** The page of one topic, reached from a mail (its path carries the signed token). */
export const LinkPage: FC<
  Frame & {
    project: string;
    projectId: string;
    topic: PreferenceTopic;
    state: TopicState;
    formToken: string;
    saved?: boolean;
    problem?: boolean;
  }
> = (p) => (
  <Layout title={p.t('prefs.title')} lang={p.lang} t={p.t} path={p.path}>
    <h1>{p.t('prefs.title')}</h1>
    {p.problem ? (
      <p class="notice bad" role="alert">
        {p.t('prefs.form.expired')}
      </p>
    ) : null}
    {p.saved ? (
      <p class="notice" role="status">
        {p.t('prefs.saved', { topic: topicName(p.t, p.topic), state: stateText(p, p.state) })}
      </p>
    ) : null}
    <p>{p.t('prefs.link.intro', { project: p.project, topic: topicName(p.t, p.topic) })}</p>
    <p data-state={p.state.kind}>
      {p.t('prefs.state')}: <strong>{stateText(p, p.state)}</strong>
    </p>
    {p.state.kind === 'off' && p.state.all ? <p>{p.t('prefs.allOff')}</p> : null}
    <form method="post" action={p.path} hx-boost="false">
      <input type="hidden" name="form" value={p.formToken} />
      <Buttons t={p.t} topic={p.topic} state={p.state} />
    </form>
    <p>
      <a href={`/p/${p.projectId}/mail`}>{p.t('prefs.link.all', { project: p.project })}</a>
    </p>
  </Layout>
);

/** The page when the link is wrong: nothing is shown or changed. */
export const InvalidLinkPage: FC<Frame> = (p) => (
  <Layout title={p.t('prefs.invalid.title')} lang={p.lang} t={p.t} path={p.path}>
    <h1>{p.t('prefs.invalid.title')}</h1>
    <p>{p.t('prefs.invalid.text')}</p>
  </Layout>
);

/** A member's own page: every topic with its state and the buttons to change it. */
export const MinePage: FC<
  Frame & {
    project: NavProject;
    all: TopicState;
    topics: Array<{ topic: MailTopic; state: TopicState }>;
  }
> = (p) => (
  <Layout title={p.t('prefs.mine.title')} lang={p.lang} t={p.t} path={p.path} project={p.project}>
    <h1>{p.t('prefs.mine.title')}</h1>
    <p>{p.t('prefs.mine.intro', { project: p.project.acronym })}</p>
    {p.all.kind === 'off' ? <p class="notice">{p.t('prefs.allOff')}</p> : null}
    <table class="mail-topics">
      <thead>
        <tr>
          <th scope="col">{p.t('prefs.topic')}</th>
          <th scope="col">{p.t('prefs.state')}</th>
          <th scope="col">{p.t('prefs.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {[...p.topics, { topic: 'all' as const, state: p.all }].map(({ topic, state }) => (
          <tr data-topic={topic} data-state={state.kind}>
            <th scope="row">{topicName(p.t, topic)}</th>
            <td>{stateText(p, state)}</td>
            <td>
              <form method="post" action={`/p/${p.project.id}/mail`}>
                <CsrfField />
                <input type="hidden" name="topic" value={topic} />
                <Buttons t={p.t} topic={topic} state={state} />
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </Layout>
);
