// Views and dialogs load lazily (renderer/shell/lazyViews.tsx): on a machine busy with the
// rest of the suite, a first chunk can take longer than Testing Library's 1 s default to
// arrive. A `findBy…` waits up to 5 s; a test that fails still fails, only later.
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 5000 });
