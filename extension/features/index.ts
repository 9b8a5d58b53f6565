import type { Feature } from '../lib/feature-manager';
import claimOffer from './claim-offer';
import createdTweetDetector from './created-tweet-detector';
import payButton from './pay-button';
import paymentStatus from './payment-status';
import potProgress from './pot-progress';
import profilePay from './profile-pay';
import tweetMarks from './tweet-marks';

/**
 * Every content-script feature, in the order they start. One file per feature. The payment
 * status runs after the Pay button in each pass: its ✓ goes next to that button; Claim offer comes
 * after both; the pot progress bar goes under the tweet's text; a profile's Pay goes beside Follow.
 */
export const features: readonly Feature[] = [
  tweetMarks,
  payButton,
  paymentStatus,
  claimOffer,
  potProgress,
  profilePay,
  createdTweetDetector,
];
