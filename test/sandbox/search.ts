/**
 * The subset of X's search query language the sandbox understands: words, "phrases", #tag,
 * @user, from:user, is:retweet / is:reply / is:quote, negation with `-`, `OR`, parentheses and
 * implicit AND. As on X, AND binds tighter than OR: `a b OR c` is `(a b) OR c`.
 */

export const SEARCH_QUERY_LENGTH_MAX = 512;

export interface SearchableTweet {
  text: string;
  authorUsername: string;
  hashtags: string[];
  mentions: string[];
  isReply: boolean;
  isQuote: boolean;
}

type Node =
  | { kind: 'and'; items: Node[] }
  | { kind: 'or'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'term'; test: (tweet: SearchableTweet) => boolean };

export class SearchQueryError extends Error {}

const TOKEN_PATTERN = /\s*(\(|\)|-?"[^"]*"|[^\s()]+)/gy;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  let match = TOKEN_PATTERN.exec(query);
  while (match) {
    tokens.push(match[1]!);
    match = TOKEN_PATTERN.exec(query);
  }
  return tokens; // every non-space character belongs to some token, so nothing is left unread
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function termFor(token: string): Node {
  const lower = token.toLowerCase();
  const test = ((): ((tweet: SearchableTweet) => boolean) => {
    if (lower.startsWith('"')) {
      const phrase = words(lower).join(' ');
      return (tweet) => ` ${words(tweet.text).join(' ')} `.includes(` ${phrase} `);
    }
    if (lower.startsWith('#') && lower.length > 1) {
      const tag = lower.slice(1);
      return (tweet) => tweet.hashtags.some((hashtag) => hashtag.toLowerCase() === tag);
    }
    if (lower.startsWith('@') && lower.length > 1) {
      const username = lower.slice(1);
      return (tweet) => tweet.mentions.some((mention) => mention.toLowerCase() === username);
    }
    if (lower.startsWith('from:')) {
      const username = lower.slice('from:'.length).replace(/^@/, '');
      return (tweet) => tweet.authorUsername.toLowerCase() === username;
    }
    if (lower === 'is:retweet') return () => false; // the sandbox has no retweets
    if (lower === 'is:reply') return (tweet) => tweet.isReply;
    if (lower === 'is:quote') return (tweet) => tweet.isQuote;
    if (/^[a-z_]+:/.test(lower)) throw new SearchQueryError(`the operator ${token} is not supported`);
    const wanted = words(lower);
    if (wanted.length === 0) throw new SearchQueryError(`the term ${token} has no letters or digits`);
    return (tweet) => {
      const have = words(tweet.text);
      return wanted.every((word) => have.includes(word));
    };
  })();
  return { kind: 'term', test };
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Node {
    const node = this.or();
    if (this.position < this.tokens.length) {
      throw new SearchQueryError(`unexpected ${this.tokens[this.position]} in the query`);
    }
    return node;
  }

  private or(): Node {
    const items = [this.and()];
    while (this.tokens[this.position] === 'OR') {
      this.position++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(): Node {
    const items: Node[] = [];
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position]!;
      if (token === ')' || token === 'OR') break;
      items.push(this.unary());
    }
    if (items.length === 0) throw new SearchQueryError('an empty group in the query');
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unary(): Node {
    const token = this.tokens[this.position]!;
    if (token.startsWith('-') && token.length > 1) {
      this.position++;
      return { kind: 'not', item: termFor(token.slice(1)) };
    }
    if (token === '(') {
      this.position++;
      const inner = this.or();
      if (this.tokens[this.position] !== ')') throw new SearchQueryError('a parenthesis is not closed');
      this.position++;
      return inner;
    }
    this.position++;
    return termFor(token);
  }
}

export function compileQuery(query: string): (tweet: SearchableTweet) => boolean {
  if (query.trim() === '') throw new SearchQueryError('the query is empty');
  const root = new Parser(tokenize(query)).parse();
  const evaluate = (node: Node, tweet: SearchableTweet): boolean => {
    switch (node.kind) {
      case 'and':
        return node.items.every((item) => evaluate(item, tweet));
      case 'or':
        return node.items.some((item) => evaluate(item, tweet));
      case 'not':
        return !evaluate(node.item, tweet);
      case 'term':
        return node.test(tweet);
    }
  };
  return (tweet) => evaluate(root, tweet);
}
