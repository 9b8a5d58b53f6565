import { expect, it } from 'vitest';
import { x } from '../../shared/money';

it('works', () => expect(x).toBe(1));
