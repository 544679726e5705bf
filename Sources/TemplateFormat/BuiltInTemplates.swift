/// The templates of the built-in `markdown` and `html` formats. They use only
/// the documented template view, so they are also examples to start from:
/// `review-export template markdown` prints one.
enum BuiltInTemplates {
  static let markdown = #"""
    # {{catalog.title}}

    {{#catalog.paragraphs}}
    {{text}}

    {{/catalog.paragraphs}}
    {{counts.works}} works, {{counts.reviews}} reviews.

    {{#works}}
    ## {{title}}{{#year}} ({{year}}){{/year}}

    {{#originalTitle}}
    *{{originalTitle}}*

    {{/originalTitle}}
    - **Kind:** {{kind}}{{#hasGenres}} · {{genreList}}{{/hasGenres}}{{#runtimeMinutes}} · {{runtimeMinutes}} min{{/runtimeMinutes}}
    {{#releaseDate}}
    - **Released:** {{releaseDate}}
    {{/releaseDate}}
    {{#basedOn}}
    - **Based on:** {{title}}
    {{/basedOn}}
    {{#hasCredits}}
    - **Credits:** {{#credits}}{{personName}} ({{role}}{{#character}}, as {{character}}{{/character}}){{^last()}}; {{/last()}}{{/credits}}
    {{/hasCredits}}
    {{#hasBoxOffice}}
    - **Box office:** {{#boxOffice}}{{territory}} {{amountText}}{{#asOf}} (as of {{asOf}}){{/asOf}}{{^last()}}; {{/last()}}{{/boxOffice}}
    {{/hasBoxOffice}}
    {{#hasRankings}}
    - **Rankings:** {{#rankings}}#{{rank}} in {{list}}{{^last()}}; {{/last()}}{{/rankings}}
    {{/hasRankings}}
    {{#hasAvailability}}
    - **Available on:** {{#availability}}{{platform}}{{#region}} ({{region}}){{/region}}{{^last()}}; {{/last()}}{{/availability}}
    {{/hasAvailability}}

    {{#reviews}}
    ### {{headline}}

    *{{criticName}}{{#publication}}, {{publication}}{{/publication}}, {{published}}*{{#rating}} · **{{text}}**{{/rating}}

    {{#summary}}
    > {{summary}}

    {{/summary}}
    {{#paragraphs}}
    {{text}}

    {{/paragraphs}}
    {{#hasQuotes}}
    {{#quotes}}
    > “{{text}}” — {{speakerName}}{{#context}}, {{context}}{{/context}}

    {{/quotes}}
    {{/hasQuotes}}
    {{#hasTags}}
    Tags: {{#tags}}{{tag}}{{^last()}}, {{/last()}}{{/tags}}

    {{/hasTags}}
    {{#hasMentions}}
    Mentions: {{#mentions}}{{title}}{{^last()}}, {{/last()}}{{/mentions}}

    {{/hasMentions}}
    {{#hasSources}}
    Sources: {{#sources}}{{#url}}[{{name}}](<{{url}}>){{/url}}{{^url}}{{name}}{{/url}}{{^last()}}, {{/last()}}{{/sources}}

    {{/hasSources}}
    {{/reviews}}
    {{/works}}
    """#

  static let html = #"""
    <!DOCTYPE html>
    <html lang="{{#catalog.language}}{{catalog.language}}{{/catalog.language}}{{^catalog.language}}en{{/catalog.language}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="{{generator}}">
    <title>{{catalog.title}}</title>
    {{#structuredData}}<script type="application/ld+json">{{{structuredData}}}</script>{{/structuredData}}
    <style>
      :root { --ink: #1d1f24; --muted: #5d6470; --line: #e3e6eb; --accent: #b4432f; --paper: #fbfaf7; --card: #ffffff; }
      * { box-sizing: border-box; }
      body { margin: 0; background: var(--paper); color: var(--ink); font: 17px/1.6 Georgia, "Noto Serif", "Noto Serif CJK SC", serif; }
      header.site { background: var(--ink); color: #fff; padding: 2.5rem 1.5rem 2rem; }
      header.site h1 { margin: 0 auto; max-width: 58rem; font-size: 2.4rem; letter-spacing: .01em; }
      header.site p { margin: .5rem auto 0; max-width: 58rem; color: #c9ccd3; }
      main { max-width: 58rem; margin: 0 auto; padding: 1.5rem; }
      article.work { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.5rem 1.75rem; margin: 0 0 1.75rem; box-shadow: 0 1px 3px rgba(0,0,0,.04); }
      article.work > h2 { margin: 0; font-size: 1.7rem; }
      .original { color: var(--muted); font-style: italic; margin: .1rem 0 .4rem; }
      .meta { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); margin: 0 0 .75rem; }
      .meta span + span::before { content: " · "; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font: 15px/1.5 system-ui, sans-serif; margin: .75rem 0 1rem; }
      dl.facts dt { color: var(--muted); }
      dl.facts dd { margin: 0; }
      section.review { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1.25rem; }
      section.review h3 { margin: 0 0 .2rem; font-size: 1.3rem; }
      .byline { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); }
      .rating { display: inline-flex; align-items: center; gap: .5rem; font: 600 14px system-ui, sans-serif; color: var(--accent); }
      .bar { width: 6rem; height: .5rem; background: var(--line); border-radius: 1rem; overflow: hidden; display: inline-block; }
      .bar > span { display: block; height: 100%; background: var(--accent); }
      .summary { font-size: 1.1rem; color: #2f3440; border-left: 3px solid var(--accent); padding-left: .9rem; margin: .8rem 0; }
      blockquote { margin: 1rem 0; padding: .6rem 1rem; background: #f4f1ea; border-radius: 6px; }
      blockquote footer { font: 14px system-ui, sans-serif; color: var(--muted); margin-top: .3rem; }
      .tags { list-style: none; padding: 0; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .4rem; }
      .tags li { font: 13px system-ui, sans-serif; background: #eef1f5; border-radius: 1rem; padding: .1rem .65rem; }
      .small { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); }
      a { color: var(--accent); }
      footer.site { text-align: center; font: 13px system-ui, sans-serif; color: var(--muted); padding: 1rem 0 2.5rem; }
      p.body { white-space: pre-line; }
    </style>
    </head>
    <body>
    <header class="site">
      <h1>{{catalog.title}}</h1>
      {{#catalog.description}}<p>{{catalog.description}}</p>{{/catalog.description}}
      <p>{{counts.works}} works · {{counts.reviews}} reviews{{#catalog.updated}} · updated {{catalog.updated}}{{/catalog.updated}}</p>
    </header>
    <main>
    {{#works}}
    <article class="work" id="work-{{id}}">
      <h2>{{title}}{{#year}} <small>({{year}})</small>{{/year}}</h2>
      {{#originalTitle}}<p class="original">{{originalTitle}}</p>{{/originalTitle}}
      <p class="meta"><span>{{kind}}</span>{{#hasGenres}}<span>{{genreList}}</span>{{/hasGenres}}{{#runtimeMinutes}}<span>{{runtimeMinutes}} min</span>{{/runtimeMinutes}}{{#releaseDate}}<span>released {{releaseDate}}</span>{{/releaseDate}}</p>
      <dl class="facts">
        {{#hasDirectors}}<dt>Directed by</dt><dd>{{directorNames}}</dd>{{/hasDirectors}}
        {{#basedOn}}<dt>Based on</dt><dd><a href="#work-{{id}}">{{title}}</a></dd>{{/basedOn}}
        {{#hasCredits}}<dt>Credits</dt><dd>{{#credits}}{{personName}} <span class="small">({{role}}{{#character}}, as {{character}}{{/character}})</span>{{^last()}}, {{/last()}}{{/credits}}</dd>{{/hasCredits}}
        {{#hasBoxOffice}}<dt>Box office</dt><dd>{{#boxOffice}}{{territory}}: {{amountText}}{{#asOf}} <span class="small">(as of {{asOf}})</span>{{/asOf}}{{^last()}}<br>{{/last()}}{{/boxOffice}}</dd>{{/hasBoxOffice}}
        {{#hasRankings}}<dt>Rankings</dt><dd>{{#rankings}}#{{rank}} in {{list}}{{^last()}}<br>{{/last()}}{{/rankings}}</dd>{{/hasRankings}}
        {{#hasAvailability}}<dt>Available on</dt><dd>{{#availability}}{{platform}}{{#region}} ({{region}}){{/region}}{{#from}} <span class="small">from {{from}}</span>{{/from}}{{^last()}}, {{/last()}}{{/availability}}</dd>{{/hasAvailability}}
      </dl>
      {{#reviews}}
      <section class="review" id="review-{{id}}">
        <h3>{{headline}}</h3>
        <div class="byline">{{criticName}}{{#publication}}, {{publication}}{{/publication}} · <time datetime="{{published}}">{{published}}</time>
          {{#rating}}<span class="rating" title="{{text}}"><span class="bar"><span style="width: {{percent}}%"></span></span>{{text}}</span>{{/rating}}</div>
        {{#summary}}<p class="summary">{{summary}}</p>{{/summary}}
        {{#paragraphs}}<p class="body">{{text}}</p>
        {{/paragraphs}}
        {{#quotes}}<blockquote><p>{{text}}</p><footer>— {{speakerName}}{{#context}}, {{context}}{{/context}}</footer></blockquote>
        {{/quotes}}
        {{#hasMentions}}<p class="small">Mentions: {{#mentions}}<a href="#work-{{id}}">{{title}}</a>{{^last()}}, {{/last()}}{{/mentions}}</p>{{/hasMentions}}
        {{#hasSources}}<p class="small">Sources: {{#sources}}{{#url}}<a href="{{url}}">{{name}}</a>{{/url}}{{^url}}{{name}}{{/url}}{{^last()}}, {{/last()}}{{/sources}}</p>{{/hasSources}}
        {{#hasTags}}<ul class="tags">{{#tags}}<li>{{tag}}</li>{{/tags}}</ul>{{/hasTags}}
      </section>
      {{/reviews}}
    </article>
    {{/works}}
    </main>
    <footer class="site">Made with {{generator}}</footer>
    </body>
    </html>

    """#
}
