/** The footer's funding block and the header's logo of a page: picked before the page renders (fallback notice). */
import { localize } from '../plan/schema';
import type { ReportImage } from '../reports/model';
import { acknowledgementPicked, fundedByEu, siteIdentity, type TextPicker } from './site';
import type { Frame, SiteCtx } from './views/layout';

const dataUri = (image: ReportImage): string => `data:${image.contentType};base64,${image.data}`;

/** Looks like the EU's emblem (id or name): drawn when the plan has no image for it. */
const EU_EMBLEM = /(^|[^a-z])(eu|european union)([^a-z]|$)|flag of europe/i;

export async function buildFrame(ctx: SiteCtx, picker: TextPicker): Promise<Frame> {
  const { plan } = ctx.site;
  const identity = await siteIdentity(ctx.site, ctx.lang);
  const assets = plan.identity?.assets ?? [];
  const named =
    plan.identity && plan.identity.required_emblems.length > 0
      ? plan.identity.required_emblems.flatMap((id) => assets.filter((a) => a.id === id))
      : assets.filter((a) => a.kind === 'emblem');
  const images = new Map(identity.emblems.map((e) => [e.alt, e]));
  const emblems: Frame['emblems'] = [];
  let eu = false;
  for (const asset of named) {
    const image = images.get(localize(asset.name, ctx.lang));
    if (image) emblems.push({ kind: 'image', src: dataUri(image), alt: image.alt });
    else if (EU_EMBLEM.test(asset.id) || EU_EMBLEM.test(localize(asset.name, 'en'))) {
      emblems.push({ kind: 'eu', label: ctx.t('site.footer.emblem.eu') });
      eu = true;
    } else emblems.push({ kind: 'text', name: picker.name(asset.name) });
  }
  // The EU's rules: its emblem beside the funding sentence, whether or not the plan lists it.
  if (
    !eu &&
    fundedByEu(plan) &&
    !named.some((a) => images.has(localize(a.name, ctx.lang)) && EU_EMBLEM.test(a.id))
  )
    emblems.unshift({ kind: 'eu', label: ctx.t('site.footer.emblem.eu') });
  const handle = plan.channels.find((c) => c.kind === 'twitter')?.handle;
  return {
    identity,
    acknowledgement: acknowledgementPicked(ctx.site, picker, identity),
    emblems,
    logo: identity.logo ? { src: dataUri(identity.logo), alt: identity.logo.alt } : null,
    twitter: handle ? (handle.startsWith('@') ? handle : `@${handle}`) : null,
  };
}
