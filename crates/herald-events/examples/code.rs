//! Codes the sentences given as arguments (through herald-nlp), printing
//! the tokens' parse and the events: a debugging aid.
use herald_core::Article;

fn main() {
    let nlp = herald_nlp::Analyzer::new();
    for (i, text) in std::env::args().skip(1).enumerate() {
        let mut a = Article {
            id: format!("s{i}"),
            published: Some("2012-10-02".into()),
            text,
            ..Default::default()
        };
        nlp.process(&mut a);
        for s in &a.sentences {
            for (k, t) in s.tokens.iter().enumerate() {
                println!(
                    "{k}\t{}\t{}\t{}\t{:?}\t{}",
                    t.text, t.lemma, t.upos, t.head, t.deprel
                );
            }
        }
        for e in herald_events::Coder::new().process(&a) {
            println!(
                "=> {} {} {} [{}] neg={}",
                e.source.code, e.target.code, e.cameo, e.pattern, e.negated
            );
        }
    }
}
