/** The demo world of the sandbox X: a few people, the Hashpay account, a merchant and a charity. */
import type { SandboxStore, SandboxUser } from './store.js';

export const DEMO_USERS: ReadonlyArray<{ username: string; name: string; description: string }> = [
  { username: 'alice', name: 'Alice Martin', description: 'Pizza lover. Pays her friends back.' },
  { username: 'bob', name: 'Bob Dupont', description: 'Usually the one who pays first.' },
  { username: 'carol', name: 'Carol Nguyen', description: 'Organises the birthday pots.' },
  { username: 'hashpay', name: 'Hashpay', description: 'Pay by tweeting. Claim offers by hashtag.' },
  { username: 'pizzeria', name: 'Pizzeria Napoli', description: 'Wood-fired pizza since 1987.' },
  { username: 'restosducoeur', name: 'Les Restos du Cœur', description: 'Des repas pour tous.' },
];

/** Creates the demo users (idempotent) and, the first time only, their posts. */
export function seedDemo(store: SandboxStore): { users: SandboxUser[] } {
  const users = DEMO_USERS.map((user) => store.createUser(user));
  if (store.demoSeeded) return { users };
  store.postTweet({
    authorUsername: 'hashpay',
    text: 'Pay anyone by tweeting, claim offers with a hashtag. Try it: tweet @hashpay pay @bob 5€ coffee #Hashpay',
  });
  const offer = store.postTweet({
    authorUsername: 'pizzeria',
    text: 'Tonight: spend €30, get €5 back 🍕 Tweet #PizzaNapoli5 to claim the offer.',
  });
  store.postTweet({
    authorUsername: 'pizzeria',
    text: 'Our margherita is back on the menu. Order now! #PizzaNapoli5',
    promoted: true,
  });
  store.postTweet({
    authorUsername: 'restosducoeur',
    text: 'Every meal counts. Donate with #Hashpay: @hashpay donate 5€ to @restosducoeur',
  });
  const night = store.postTweet({
    authorUsername: 'alice',
    text: 'Pizza night with @bob and @carol was great! Who paid? 🍕',
  });
  store.postTweet({ authorUsername: 'bob', text: '@alice I did! You owe me 12,50 € 😄', inReplyToId: night.id });
  store.postTweet({ authorUsername: 'carol', text: 'Birthday pot for @alice: chip in with #PotAlice 🎂' });
  store.postTweet({ authorUsername: 'alice', text: 'Going back tonight #PizzaNapoli5', quotedId: offer.id });
  store.demoSeeded = true;
  store.save();
  return { users };
}
