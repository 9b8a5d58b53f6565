import { render } from 'preact';
import { ConfirmPayment } from '../../components/ConfirmPayment';
import '../../components/page-style.css';
import { askBackground } from '../../lib/background-client';

const app = document.getElementById('app')!;
const intentId = new URLSearchParams(location.search).get('intent');
if (intentId === null) {
  app.textContent = 'No payment to confirm.';
} else {
  render(<ConfirmPayment intentId={intentId} ask={askBackground} onDone={() => window.close()} />, app);
}
