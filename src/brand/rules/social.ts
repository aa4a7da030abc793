/**
 * brand/social-hashtag and brand/social-length, for pasted social posts: every hashtag of the plan's
 * `social_strategy.hashtags` present (case-insensitive, as the networks match them), and the post within its network's
 * limit (src/brand/reference/networks.ts).
 */
import { NETWORKS, postLength } from '../reference/networks';
import type { Diagnostic } from '../types';
import { escapeRegExp, type Rule } from './context';

export const social: Rule = ({ plan, doc }) => {
  if (doc.kind !== 'social') return [];
  const text = doc.blocks.map((b) => b.text).join('\n');
  const out: Diagnostic[] = [];
  for (const tag of plan.social_strategy?.hashtags ?? []) {
    if (new RegExp(`${escapeRegExp(tag)}(?![\\p{L}\\p{N}_])`, 'iu').test(text)) continue;
    out.push({
      ruleId: 'brand/social-hashtag',
      severity: 'error',
      messageKey: 'brand.social.hashtag',
      suggestionKey: 'brand.social.hashtag.fix',
      params: { hashtag: tag },
      location: { file: doc.file },
    });
  }
  const network = doc.network ? NETWORKS[doc.network] : undefined;
  if (network) {
    const length = postLength(network, text);
    if (length > network.limit)
      out.push({
        ruleId: 'brand/social-length',
        severity: 'error',
        messageKey: 'brand.social.length',
        suggestionKey: 'brand.social.length.fix',
        params: { network: network.name, length, limit: network.limit, over: length - network.limit },
        location: { file: doc.file },
      });
  }
  return out;
};
