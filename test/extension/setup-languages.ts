import { registerLanguage } from '../../extension/lib/i18n';
import { WORDS_EN } from '../../extension/lib/strings-en';
import { WORDS_FR } from '../../extension/lib/strings-fr';

// Pages load their reader's language before drawing (`loadLanguage`); components under test are
// drawn in either, so both are there from the start, as in the pay sheet.
registerLanguage('en', WORDS_EN);
registerLanguage('fr', WORDS_FR);
