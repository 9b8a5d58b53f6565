import { render } from 'preact';
import { PopupPanel } from '../../components/PopupPanel';
import '../../components/page-style.css';
import { askBackground } from '../../lib/background-client';

render(<PopupPanel ask={askBackground} />, document.getElementById('app')!);
