import type { Feature } from '../lib/feature-manager';
import createdTweetDetector from './created-tweet-detector';
import payButton from './pay-button';
import paymentStatus from './payment-status';
import tweetMarks from './tweet-marks';

/**
 * Every content-script feature, in the order they start. One file per feature. The payment
 * status runs after the Pay button in each pass: its ✓ goes next to that button.
 */
export const features: readonly Feature[] = [tweetMarks, payButton, paymentStatus, createdTweetDetector];
