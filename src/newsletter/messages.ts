/** Strings of the newsletter: the public subscription pages, the mails, the coordinator's page; en + ja. */
export const en = {
  'newsletter.title': 'Newsletter',
  'newsletter.intro': 'Subscribe to the {project} newsletter: news of the project, about twice a year.',
  'newsletter.form.email': 'E-mail address',
  'newsletter.form.lang': 'Language of the newsletter',
  'newsletter.form.notice': 'Privacy notice (version {version})',
  'newsletter.form.consent':
    'I have read the privacy notice and agree that my e-mail address is used to send me the newsletter.',
  'newsletter.form.submit': 'Subscribe',
  'newsletter.form.errors': 'The form has errors:',
  'newsletter.error.emailMissing': 'Enter your e-mail address.',
  'newsletter.error.email': 'Enter a valid e-mail address, such as name@example.org.',
  'newsletter.error.lang': 'Choose English or Japanese.',
  'newsletter.error.consent':
    'Tick the box to agree to the privacy notice: without it we cannot subscribe you.',
  'newsletter.error.form':
    'This form has expired or did not come from this site. Please reload the page and send it again.',
  'newsletter.asked.title': 'Check your mailbox',
  'newsletter.asked.text':
    'If this address can be subscribed, a mail with a confirmation link is on its way. Open the link within {days} days to confirm your subscription. Nothing is sent to you until you confirm.',
  'newsletter.confirm.title': 'Confirm your subscription',
  'newsletter.confirm.text': 'Press the button to confirm that you want to receive the {project} newsletter.',
  'newsletter.confirm.button': 'Confirm my subscription',
  'newsletter.confirmed.title': 'Subscription confirmed',
  'newsletter.confirmed.text':
    'Thank you: you will receive the {project} newsletter. Every mail has a link to unsubscribe.',
  'newsletter.already.title': 'Already confirmed',
  'newsletter.already.text': 'This subscription was already confirmed. Nothing has changed.',
  'newsletter.expired.title': 'This link has expired',
  'newsletter.expired.text':
    'Confirmation links are valid for {days} days. Please subscribe again to receive a new link.',
  'newsletter.invalid.title': 'This link is not valid',
  'newsletter.invalid.text':
    'The link is incomplete, was replaced by a newer one, or the subscription no longer exists. You can subscribe again.',
  'newsletter.again': 'Subscribe again',
  'newsletter.unsubscribe.title': 'Unsubscribe',
  'newsletter.unsubscribe.text':
    'Press the button to stop receiving the {project} newsletter at this address.',
  'newsletter.unsubscribe.button': 'Unsubscribe',
  'newsletter.unsubscribed.title': 'You are unsubscribed',
  'newsletter.unsubscribed.text': 'You will receive no more newsletters from {project}.',
  'newsletter.alreadyUnsubscribed.text': 'This address was already unsubscribed. Nothing has changed.',
  'newsletter.rights.title': 'Your data',
  'newsletter.rights.text':
    'Download what is stored about you, with the record of your consent, or have your data erased: the address is deleted, and the consent record keeps only a one-way hash of it.',
  'newsletter.rights.download': 'Download my data (JSON)',
  'newsletter.rights.erase': 'Erase my data',
  'newsletter.erased.title': 'Your data has been erased',
  'newsletter.erased.text':
    'Your address has been deleted. The record of your consent keeps only a one-way hash of it.',
  'newsletter.mail.confirm.subject': '{project} newsletter: please confirm your subscription',
  'newsletter.mail.confirm.text':
    'Hello,\n\nsomeone (probably you) asked to receive the {project} newsletter at this address.\n\nTo confirm, open this link within {days} days:\n{link}\n\nIf you did not ask for it, ignore this mail: without confirmation nothing more will be sent, and the request is deleted after {days} days.\n\nUnsubscribe: {unsubscribe}\nYour data and the record of your consent: {data}\n',
  'newsletter.admin.title': 'Newsletter subscribers',
  'newsletter.admin.intro':
    'People who subscribed on the public site. Addresses are shown to coordinators only. Each step of a subscription is recorded in the audit trail with hashes, never the address.',
  'newsletter.admin.counts': 'Subscribers by status and language',
  'newsletter.admin.status': 'Status',
  'newsletter.admin.lang': 'Language',
  'newsletter.admin.count': 'Count',
  'newsletter.admin.list': 'Subscribers',
  'newsletter.admin.none': 'No subscribers yet.',
  'newsletter.admin.address': 'Address',
  'newsletter.admin.since': 'Subscribed',
  'newsletter.admin.notice': 'Notice version',
  'newsletter.admin.actions': 'Actions',
  'newsletter.admin.evidence': 'Evidence (JSON)',
  'newsletter.admin.erase': 'Erase',
  'newsletter.admin.erased': 'The subscriber was erased.',
  'newsletter.admin.disabled': 'The newsletter is not enabled in this project’s plan (`newsletter.enabled`).',
  'newsletter.admin.more': 'Only the newest {count} subscribers are listed.',
  'newsletter.status.pending': 'Waiting for confirmation',
  'newsletter.status.confirmed': 'Confirmed',
  'newsletter.status.unsubscribed': 'Unsubscribed',
};

export const ja: Record<keyof typeof en, string> = {
  'newsletter.title': 'ニュースレター',
  'newsletter.intro': '{project} のニュースレター（年 2 回程度のプロジェクトのお知らせ）を購読できます。',
  'newsletter.form.email': 'メールアドレス',
  'newsletter.form.lang': 'ニュースレターの言語',
  'newsletter.form.notice': 'プライバシー通知（第 {version} 版）',
  'newsletter.form.consent':
    'プライバシー通知を読み、ニュースレターの送付のためにメールアドレスが使用されることに同意します。',
  'newsletter.form.submit': '購読する',
  'newsletter.form.errors': '入力に誤りがあります:',
  'newsletter.error.emailMissing': 'メールアドレスを入力してください。',
  'newsletter.error.email': '正しいメールアドレスを入力してください（例: name@example.org）。',
  'newsletter.error.lang': '英語または日本語を選んでください。',
  'newsletter.error.consent':
    'プライバシー通知への同意のチェックを入れてください。同意がなければ購読を登録できません。',
  'newsletter.error.form':
    'このフォームは有効期限が切れたか、このサイトから送信されたものではありません。ページを再読み込みして、もう一度送信してください。',
  'newsletter.asked.title': 'メールをご確認ください',
  'newsletter.asked.text':
    'このアドレスが登録可能であれば、確認用リンクを記載したメールをお送りしました。{days} 日以内にリンクを開いて購読を確定してください。確定するまでニュースレターは送られません。',
  'newsletter.confirm.title': '購読の確定',
  'newsletter.confirm.text': '{project} のニュースレターを受け取る場合は、ボタンを押して確定してください。',
  'newsletter.confirm.button': '購読を確定する',
  'newsletter.confirmed.title': '購読が確定しました',
  'newsletter.confirmed.text':
    'ありがとうございます。{project} のニュースレターをお送りします。すべてのメールに配信停止のリンクがあります。',
  'newsletter.already.title': '確定済みです',
  'newsletter.already.text': 'この購読はすでに確定しています。変更はありません。',
  'newsletter.expired.title': 'このリンクは有効期限切れです',
  'newsletter.expired.text':
    '確認用リンクの有効期間は {days} 日です。新しいリンクを受け取るには、もう一度購読のお申し込みをしてください。',
  'newsletter.invalid.title': 'このリンクは無効です',
  'newsletter.invalid.text':
    'リンクが不完全であるか、新しいリンクに置き換えられたか、購読がすでに存在しません。もう一度お申し込みいただけます。',
  'newsletter.again': 'もう一度申し込む',
  'newsletter.unsubscribe.title': '配信停止',
  'newsletter.unsubscribe.text':
    'このアドレスへの {project} ニュースレターの配信を停止するには、ボタンを押してください。',
  'newsletter.unsubscribe.button': '配信を停止する',
  'newsletter.unsubscribed.title': '配信を停止しました',
  'newsletter.unsubscribed.text': '{project} のニュースレターは今後送られません。',
  'newsletter.alreadyUnsubscribed.text': 'このアドレスはすでに配信停止済みです。変更はありません。',
  'newsletter.rights.title': 'あなたのデータ',
  'newsletter.rights.text':
    '保存されているデータを同意の記録とともにダウンロードするか、データの削除を依頼できます。削除するとアドレスは消去され、同意の記録にはアドレスの一方向ハッシュだけが残ります。',
  'newsletter.rights.download': 'データをダウンロード（JSON）',
  'newsletter.rights.erase': 'データを削除する',
  'newsletter.erased.title': 'データを削除しました',
  'newsletter.erased.text': 'アドレスを削除しました。同意の記録にはアドレスの一方向ハッシュだけが残ります。',
  'newsletter.mail.confirm.subject': '{project} ニュースレター: 購読の確認をお願いします',
  'newsletter.mail.confirm.text':
    'こんにちは。\n\nこのアドレスで {project} のニュースレターの購読が申し込まれました。\n\n確定するには、{days} 日以内に次のリンクを開いてください:\n{link}\n\nお心当たりがない場合は、このメールを無視してください。確定されなければ以後メールは送られず、申し込みは {days} 日後に削除されます。\n\n配信停止: {unsubscribe}\nあなたのデータと同意の記録: {data}\n',
  'newsletter.admin.title': 'ニュースレター購読者',
  'newsletter.admin.intro':
    '公開サイトで購読を申し込んだ人の一覧です。アドレスはコーディネーターにのみ表示されます。購読の各段階は、アドレスではなくハッシュで監査証跡に記録されます。',
  'newsletter.admin.counts': '状態と言語別の購読者数',
  'newsletter.admin.status': '状態',
  'newsletter.admin.lang': '言語',
  'newsletter.admin.count': '人数',
  'newsletter.admin.list': '購読者',
  'newsletter.admin.none': '購読者はまだいません。',
  'newsletter.admin.address': 'アドレス',
  'newsletter.admin.since': '申込日時',
  'newsletter.admin.notice': '通知の版',
  'newsletter.admin.actions': '操作',
  'newsletter.admin.evidence': '証拠（JSON）',
  'newsletter.admin.erase': '削除',
  'newsletter.admin.erased': '購読者を削除しました。',
  'newsletter.admin.disabled':
    'このプロジェクトの計画ではニュースレターが有効になっていません（`newsletter.enabled`）。',
  'newsletter.admin.more': '新しい順に {count} 人までを表示しています。',
  'newsletter.status.pending': '確認待ち',
  'newsletter.status.confirmed': '確定',
  'newsletter.status.unsubscribed': '配信停止',
};
