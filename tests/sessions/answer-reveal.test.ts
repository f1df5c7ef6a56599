import { revealAnswers } from '../../functions/sessions/answer-reveal';

const PARTNERS = ['ana', 'ben'];
const ana = { authorId: 'ana', text: 'Ana says' };
const ben = { authorId: 'ben', text: 'Ben says' };

describe('answer-then-reveal', () => {
  it('shows nothing and waits on both before anyone answered', () => {
    expect(revealAnswers({ kind: 'partner', personId: 'ana' }, PARTNERS, [])).toEqual({ answers: [], waitingOnIds: ['ana', 'ben'] });
  });

  it('hides the partner answer from a caller who has not answered', () => {
    expect(revealAnswers({ kind: 'partner', personId: 'ana' }, PARTNERS, [ben])).toEqual({ answers: [], waitingOnIds: ['ana'] });
  });

  it('shows the caller their own answer while the partner has not answered', () => {
    expect(revealAnswers({ kind: 'partner', personId: 'ana' }, PARTNERS, [ana])).toEqual({ answers: [ana], waitingOnIds: ['ben'] });
  });

  it('reveals both once both answered, to either side, in partner order', () => {
    expect(revealAnswers({ kind: 'partner', personId: 'ana' }, PARTNERS, [ben, ana])).toEqual({ answers: [ana, ben], waitingOnIds: [] });
    expect(revealAnswers({ kind: 'partner', personId: 'ben' }, PARTNERS, [ana, ben])).toEqual({ answers: [ana, ben], waitingOnIds: [] });
  });

  it('ignores answers by anyone who is not a partner', () => {
    const stranger = { authorId: 'eve', text: 'Eve says' };
    expect(revealAnswers({ kind: 'partner', personId: 'ana' }, PARTNERS, [ana, stranger]).answers).toEqual([ana]);
  });

  it('shows the care team answers only with REFLECTIONS scope and only once every partner answered', () => {
    const reflections = { kind: 'careTeam' as const, personId: 'cora', scope: 'REFLECTIONS' as const };
    const summary = { ...reflections, scope: 'SUMMARY' as const };
    expect(revealAnswers(reflections, PARTNERS, [ana])).toEqual({ answers: [], waitingOnIds: ['ben'] });
    expect(revealAnswers(reflections, PARTNERS, [ben, ana])).toEqual({ answers: [ana, ben], waitingOnIds: [] });
    expect(revealAnswers(summary, PARTNERS, [ben, ana])).toEqual({ answers: [], waitingOnIds: [] });
  });
});
