import type { Feature } from '../lib/feature-manager';
import tweetMarks from './tweet-marks';

/** Every content-script feature, in the order they start. One file per feature. */
export const features: readonly Feature[] = [tweetMarks];
