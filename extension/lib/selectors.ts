/**
 * Every x.com selector the content script uses, in one place, so a change of x.com's DOM is
 * fixed here once. Each comment says where the selector matches in the saved pages under
 * `fixtures/x-com/` (conversation-modal-2024-11.html, status-page-2024-11.html) or, for what
 * those pages do not hold, in the pages written after x.com's DOM in `test/extension/fixtures/`
 * (a quoted tweet, the post-sent toast, an edited post, a profile page).
 * The meta test checks that each one still matches something.
 */
export const selectors = {
  /**
   * A tweet: timeline tweets (tabindex 0) and the focal tweet of a status page (tabindex -1).
   * Matches 14 articles in the conversation modal and 1 on the status page. The modal's own
   * container is a `div[data-testid="tweet"]`, which the `article` tag excludes.
   */
  tweetArticle: 'article[data-testid="tweet"]',

  /**
   * The focal tweet of a status page or of a conversation: tabindex -1 instead of 0.
   * Matches the first article of the conversation modal and the article of the status page.
   */
  focalTweetArticle: 'article[data-testid="tweet"][tabindex="-1"]',

  /**
   * The tweet's timestamp; the status link around it carries the tweet id and the author's
   * handle. Matches the `time` in the header of every non-promoted tweet of both pages; on an
   * edited post's main tweet the link ends in `/history` (both tweets of
   * `test/extension/fixtures/edited-post.html`).
   */
  timestamp: 'time',

  /**
   * Links to a status: the timestamp link `/:handle/status/:id` and the per-tweet links that
   * end in `/analytics`, `/history`, `/photo/1`. Matches in every tweet of both pages.
   */
  statusLink: 'a[href*="/status/"]',

  /**
   * The analytics link of a tweet, `/:handle/status/:id/analytics`: promoted tweets show no
   * timestamp, so this is where their id is read. Matches in the promoted @HeroWarsWeb tweet
   * of the conversation modal (and in every tweet of that page).
   */
  analyticsLink: 'a[href$="/analytics"]',

  /**
   * The tracking wrapper of a promoted tweet, as an ANCESTOR of the article. The same testid
   * also wraps videos inside normal tweets (a descendant there), so only `closest()` on the
   * article's parent may use it. Matches 7 elements in the conversation modal, one around
   * the @HeroWarsWeb ad.
   */
  promotedTracking: '[data-testid="placementTracking"]',

  /**
   * A quoted tweet inside a tweet: a `div` with role link (anchors also carry role link, the
   * tag tells them apart). Its timestamp and links belong to the quoted tweet, never to the
   * outer one. Matches the quote in quoted-tweet.html.
   */
  quotedTweet: 'div[role="link"]',

  /**
   * The display name and handle block. Its first profile link (`profileLink` inside it)
   * cross-checks the handle read from the status link. Matches the header of every tweet of both
   * pages.
   */
  userName: '[data-testid="User-Name"]',

  /**
   * A link to a path on x.com, looked for inside the `userName` block: the first names the
   * author's profile. Matches the display name's link in every tweet header of both pages.
   */
  profileLink: 'a[href^="/"]',

  /**
   * The action bar (reply, repost, like, views, bookmark, share) where buttons are added.
   * Matches 15 groups in the conversation modal and 1 on the status page.
   */
  actionBar: '[role="group"]',

  /**
   * The reply button, which tells the tweet's action bar from other groups.
   * Matches 15 buttons in the conversation modal and 1 on the status page.
   */
  replyButton: '[data-testid="reply"]',

  /** The tweet's text. Matches 14 blocks in the conversation modal and 1 on the status page. */
  tweetText: '[data-testid="tweetText"]',

  /**
   * A hashtag, looked for inside a tweet's own text block (`tweetText`): x.com links each one to
   * `/hashtag/<tag>?src=hashtag_click`, and the link's path names the tag whatever the text shows.
   * Matches the `#CarolDeal` link of the quoted tweet in `test/extension/fixtures/quoted-tweet.html`
   * (the saved pages hold no hashtag).
   */
  textHashtagLink: 'a[href*="/hashtag/"]',

  /**
   * The "Your post was sent." toast x.com shows after posting; its "View" link (a `statusLink`
   * inside it) goes to the new status. Matches the toast in
   * `test/extension/fixtures/post-sent-toast.html`, written after x.com's toast layer (`#layers` →
   * `[data-testid="toast"]`, role alert). The observer looks for it in every cell x.com adds, so it
   * is one compound: a query for `<toast> <link>` costs more the longer the page (see `observe`).
   */
  toast: '[data-testid="toast"]',

  /**
   * A mention, looked for inside a tweet's own text block (`tweetText`): x.com links each one to
   * `/<handle>` with the text `@handle` (the code keeps only links of that shape). Matches the
   * `@bob` link of the tweet of `test/extension/fixtures/profile-page.html`.
   */
  textMentionLink: 'a[href^="/"]',

  /**
   * The signed-in account's Profile link in x.com's side navigation, `/<handle>`: the account the
   * page is signed in as, read for display only. Matches the nav of
   * `test/extension/fixtures/profile-page.html`.
   */
  pageAccountProfileLink: 'a[data-testid="AppTabBar_Profile_Link"]',

  /**
   * The "More" button of a profile's header (`userActions`): its parent row holds Follow, where
   * the profile's Pay goes. Matches the header of `test/extension/fixtures/profile-page.html`;
   * one's own profile shows Edit profile instead of Follow.
   */
  profileUserActions: '[data-testid="userActions"]',

  /**
   * A Follow or Following button, `data-testid="<user id>-follow"` / `-unfollow`. Matches the
   * header's button of `test/extension/fixtures/profile-page.html` (the "Who to follow" cells have
   * the same test ids, so only the one in the `userActions` row is used).
   */
  followButton: 'button[data-testid$="-follow"], button[data-testid$="-unfollow"]',

  /**
   * The profile's name and handle block; the handle is the text starting with `@`. Matches the
   * header of `test/extension/fixtures/profile-page.html`.
   */
  profileUserName: '[data-testid="UserName"]',
} as const;

export type SelectorName = keyof typeof selectors;
