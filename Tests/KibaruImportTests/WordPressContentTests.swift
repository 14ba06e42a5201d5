import Foundation
import KibaruImport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Converts with no attachments and URLs left as they are.
private func markdown(_ content: String, attachments: [Int: WordPressAttachment] = [:]) -> String {
    WordPressContent.markdown(from: content, attachments: attachments, rewriteURL: { $0 }).markdown
}

/// Uploads of mondoblog.org copied to /media/, as the importer does.
private func toMedia(_ url: String) -> String {
    url.replacingOccurrences(of: "https://mondoblog.org/wp-content/uploads/", with: "/media/")
}

@Suite struct WordPressContentClassicTests {
    @Test func blankLinesSeparateParagraphsAndLineEndsBreakLines() {
        let content = "Bamako s’éveille sous la pluie.\nLes marchands installent leurs étals.\n\n\nLe fleuve monte."
        #expect(markdown(content) == """
            Bamako s’éveille sous la pluie.\\
            Les marchands installent leurs étals.

            Le fleuve monte.

            """)
    }

    @Test func explicitParagraphsAndBreaksAreKept() {
        let content = "<p>Première ligne<br />\ndeuxième ligne</p>\n<p>Un <br>saut<br><br>puis la suite<br></p>"
        #expect(markdown(content) == """
            Première ligne\\
            deuxième ligne

            Un\\
            saut

            puis la suite

            """)
    }

    @Test func blocksBetweenClassicTextEndItsParagraphs() {
        let content = "Le marché en chiffres :\n<ul>\n\t<li>riz : 500 F</li>\n\t<li>mil : 300 F</li>\n</ul>\nFin du relevé."
        #expect(markdown(content) == """
            Le marché en chiffres :

            - riz : 500 F
            - mil : 300 F

            Fin du relevé.

            """)
    }

    @Test func headingsOfEveryLevel() {
        let content = (1...6).map { "<h\($0)>Titre \($0)</h\($0)>" }.joined(separator: "\n") + "\n<h2>Le C#</h2>"
        #expect(markdown(content) == """
            # Titre 1

            ## Titre 2

            ### Titre 3

            #### Titre 4

            ##### Titre 5

            ###### Titre 6

            ## Le C\\#

            """)
    }

    @Test func inlineFormatting() {
        let content = """
            <strong>Gras</strong>, <b>gras</b>, <em>italique</em>, <i>italique</i>, <del>barré</del>, <s>barré</s>, \
            <code>printf()</code>, H<sub>2</sub>O, E = mc<sup>2</sup>, <span style="color:red">rouge</span>, \
            <font color="blue">bleu</font>, <u>souligné</u>, <strong> espacé </strong>fin, <em></em>vide.
            """
        #expect(markdown(content) == """
            **Gras**, **gras**, *italique*, *italique*, ~~barré~~, ~~barré~~, `printf()`, H2O, E = mc2, rouge, bleu, \
            souligné, **espacé** fin, vide.

            """)
    }

    @Test func nestedListsKeepTheirNumbering() {
        let content = """
            <ol start="3">
            \t<li>Troisième étape
            <ul>
            \t<li><strong>détail</strong></li>
            \t<li>autre détail
            <ol>
            \t<li>sous-étape</li>
            </ol>
            </li>
            </ul>
            </li>
            \t<li>Quatrième étape</li>
            </ol>
            <ul><li>une liste</li></ul>
            <ul><li>une autre liste</li></ul>
            """
        #expect(markdown(content) == """
            3. Troisième étape
               - **détail**
               - autre détail
                 1. sous-étape
            4. Quatrième étape

            - une liste

            * une autre liste

            """)
    }

    @Test func blockquotesWithTheirSource() {
        let content = "<blockquote>La terre ne ment pas.\n<cite>Proverbe bambara</cite></blockquote>"
        #expect(markdown(content) == """
            > La terre ne ment pas.\\
            > Proverbe bambara

            """)
    }

    @Test func preformattedTextIsFencedCodeWithEntitiesDecoded() {
        let content = """
            Le code :
            <pre class="language-swift"><code>let prix = "&lt;500 F&gt;" // [caption] reste tel quel
            ```
            if prix &amp;&amp; marché { vendre() }</code></pre>
            Et en ligne : <code>a &lt; b</code>.
            """
        #expect(markdown(content) == """
            Le code :

            ````swift
            let prix = "<500 F>" // [caption] reste tel quel
            ```
            if prix && marché { vendre() }
            ````

            Et en ligne : `a < b`.

            """)
    }

    @Test func tablesHaveAHeaderRowAndEscapedPipes() {
        let content = """
            <table>
            <caption>Prix au marché de Médina Coura</caption>
            <tr><td>Produit</td><td style="text-align: right">Prix</td></tr>
            <tr><td>Riz | brisé</td><td>500 F</td></tr>
            <tr><td colspan="2"><em>Relevé du 1<sup>er</sup> mars</em></td></tr>
            </table>
            """
        #expect(markdown(content) == """
            | Produit | Prix |
            | --- | ---: |
            | Riz \\| brisé | 500 F |
            | *Relevé du 1er mars* |  |

            Prix au marché de Médina Coura

            """)
    }

    @Test func linksKeepOnlySafeTargets() {
        let content = """
            Voir <a href="https://kibaru.ml/a-propos/" title="À propos">notre équipe</a>, \
            <a href="mailto:redaction@kibaru.ml">écrire</a>, <a href="/archives/">les archives</a>, \
            <a href="#commentaires">les commentaires</a>, <a href="javascript:alert(1)">gagner</a>, \
            <a href="java\tscript:alert(1)">encore</a>, <a href="data:text/html,x">données</a>, \
            <a href="//cdn.example.org/doc (1).pdf">le rapport</a>.
            """
        #expect(markdown(content) == """
            Voir [notre équipe](https://kibaru.ml/a-propos/), [écrire](mailto:redaction@kibaru.ml), \
            [les archives](/archives/), [les commentaires](#commentaires), gagner, encore, données, \
            [le rapport](https://cdn.example.org/doc%20\\(1\\).pdf).

            """)
    }

    @Test func entitiesAreDecoded() {
        let content = """
            L&#8217;&eacute;t&eacute; &agrave; S&eacute;gou&nbsp;: c&oelig;ur &amp; &#x2019;&#146; &laquo;&nbsp;oui&nbsp;&raquo; \
            &hellip; &euro; AT&T &inconnu; &copy 2024
            """
        #expect(markdown(content) == """
            L’été à Ségou\u{00A0}: cœur \\& ’’ «\u{00A0}oui\u{00A0}» … € AT\\&T \\&inconnu; © 2024

            """)
    }

    @Test func textIsEscapedToRenderAsTyped() {
        let content = """
            Les *étoiles* et les _tirets_ [1] &lt;div&gt; a|b ~x~ `code`
            # pas un titre
            - pas une liste
            2024. Une année
            ::: figure
            """
        #expect(markdown(content) == """
            Les \\*étoiles\\* et les \\_tirets\\_ \\[1\\] \\<div\\> a\\|b \\~x\\~ \\`code\\`\\
            \\# pas un titre\\
            \\- pas une liste\\
            2024\\. Une année\\
            \\::: figure

            """)
    }

    @Test func bareURLsInTextBecomeAutolinks() {
        let content = "Le site (https://kibaru.ml/dossiers/eau_potable) est en ligne, et https://mondoblog.org."
        #expect(markdown(content) == """
            Le site (<https://kibaru.ml/dossiers/eau_potable>) est en ligne, et <https://mondoblog.org>.

            """)
    }
}

@Suite struct WordPressContentBlockEditorTests {
    @Test func blockDelimitersAreDroppedAndBlocksConverted() {
        let content = """
            <!-- wp:heading {"level":3} -->
            <h3 class="wp-block-heading">Le prix du riz</h3>
            <!-- /wp:heading -->

            <!-- wp:paragraph -->
            <p>Une vendeuse témoigne,
            le prix a doublé.</p>
            <!-- /wp:paragraph -->

            <!-- wp:more -->
            <!--more-->
            <!-- /wp:more -->

            <!-- wp:separator -->
            <hr class="wp-block-separator has-alpha-channel-opacity"/>
            <!-- /wp:separator -->

            <!-- wp:quote -->
            <blockquote class="wp-block-quote"><!-- wp:paragraph -->
            <p>« Le riz a augmenté », soupire-t-elle.</p>
            <!-- /wp:paragraph --><cite>Aminata, commerçante</cite></blockquote>
            <!-- /wp:quote -->

            <!-- wp:pullquote -->
            <figure class="wp-block-pullquote"><blockquote><p>L’eau, c’est la vie.</p><cite>Proverbe</cite></blockquote></figure>
            <!-- /wp:pullquote -->

            <!-- wp:latest-posts {"postsToShow":3} /-->
            """
        #expect(markdown(content) == """
            ### Le prix du riz

            Une vendeuse témoigne, le prix a doublé.

            ---

            > « Le riz a augmenté », soupire-t-elle.
            >
            > Aminata, commerçante

            > L’eau, c’est la vie.
            >
            > Proverbe

            """)
    }

    @Test func listBlocksWithNestedListItems() {
        let content = """
            <!-- wp:list {"ordered":true} -->
            <ol><!-- wp:list-item -->
            <li>Semer<!-- wp:list -->
            <ul><!-- wp:list-item -->
            <li>le mil</li>
            <!-- /wp:list-item --></ul>
            <!-- /wp:list --></li>
            <!-- /wp:list-item -->

            <!-- wp:list-item -->
            <li>Récolter</li>
            <!-- /wp:list-item --></ol>
            <!-- /wp:list -->
            """
        #expect(markdown(content) == """
            1. Semer
               - le mil
            2. Récolter

            """)
    }

    @Test func codeBlockKeepsItsTextWithoutMarkup() {
        let content = """
            <!-- wp:code -->
            <pre class="wp-block-code"><code><strong>echo</strong> "Bonjour &amp; bienvenue"
            ls -l</code></pre>
            <!-- /wp:code -->
            """
        #expect(markdown(content) == """
            ```
            echo "Bonjour & bienvenue"
            ls -l
            ```

            """)
    }

    @Test func tableBlockWithHeaderAlignmentAndCaption() {
        let content = """
            <!-- wp:table -->
            <figure class="wp-block-table"><table><thead><tr><th class="has-text-align-left" data-align="left">Ville</th>\
            <th class="has-text-align-center" data-align="center">Pluie (mm)</th></tr></thead><tbody><tr>\
            <td>Bamako</td><td>990</td></tr><tr><td>Gao</td><td>260</td></tr></tbody></table>\
            <figcaption class="wp-element-caption">Pluviométrie annuelle</figcaption></figure>
            <!-- /wp:table -->
            """
        #expect(markdown(content) == """
            | Ville | Pluie (mm) |
            | :--- | :---: |
            | Bamako | 990 |
            | Gao | 260 |

            Pluviométrie annuelle

            """)
    }

    @Test func layoutBlocksGiveTheirContentAndButtonsBecomeLinks() {
        let content = """
            <!-- wp:columns -->
            <div class="wp-block-columns"><!-- wp:column -->
            <div class="wp-block-column"><!-- wp:paragraph -->
            <p>Première colonne</p>
            <!-- /wp:paragraph --></div>
            <!-- /wp:column -->

            <!-- wp:column -->
            <div class="wp-block-column"><!-- wp:group -->
            <div class="wp-block-group"><!-- wp:paragraph -->
            <p>Dans un groupe</p>
            <!-- /wp:paragraph --></div>
            <!-- /wp:group --></div>
            <!-- /wp:column --></div>
            <!-- /wp:columns -->

            <!-- wp:cover {"dimRatio":50} -->
            <div class="wp-block-cover"><span aria-hidden="true" class="wp-block-cover__background"></span>\
            <div class="wp-block-cover__inner-container"><!-- wp:paragraph {"align":"center"} -->
            <p class="has-text-align-center">Sur la couverture</p>
            <!-- /wp:paragraph --></div></div>
            <!-- /wp:cover -->

            <!-- wp:buttons -->
            <div class="wp-block-buttons"><!-- wp:button -->
            <div class="wp-block-button"><a class="wp-block-button__link wp-element-button" \
            href="https://kibaru.ml/don">Soutenir Kibaru</a></div>
            <!-- /wp:button --></div>
            <!-- /wp:buttons -->
            """
        #expect(markdown(content) == """
            Première colonne

            Dans un groupe

            Sur la couverture

            [Soutenir Kibaru](https://kibaru.ml/don)

            """)
    }

    @Test func verseKeepsItsLineBreaks() {
        let content = """
            <!-- wp:verse -->
            <pre class="wp-block-verse">Le fleuve coule
            et la pirogue passe</pre>
            <!-- /wp:verse -->
            """
        #expect(markdown(content) == "Le fleuve coule\\\net la pirogue passe\n")
    }
}

@Suite struct WordPressContentFigureTests {
    static let attachments: [Int: WordPressAttachment] = [
        12: WordPressAttachment(
            id: 12, url: "https://mondoblog.org/wp-content/uploads/2019/03/fleuve.jpg",
            caption: "Le fleuve à Ségou via Wikicommons", alt: "Le fleuve Niger"),
        13: WordPressAttachment(
            id: 13, url: "https://mondoblog.org/wp-content/uploads/2019/03/marche.jpg",
            caption: "Le grand marché. Crédit : Awa Diarra", alt: ""),
    ]

    private func convert(_ content: String) -> WordPressConversion {
        WordPressContent.markdown(from: content, attachments: Self.attachments, rewriteURL: toMedia)
    }

    @Test func captionShortcodeWithViaCredit() {
        let content = """
            [caption id="attachment_12" align="aligncenter" width="640"]<a href="https://mondoblog.org/wp-content/\
            uploads/2019/03/fleuve.jpg"><img class="size-medium wp-image-12" src="https://mondoblog.org/wp-content/\
            uploads/2019/03/fleuve-300x200.jpg" alt="Pirogues sur le fleuve Niger" width="300" height="200" /></a> \
            Les pirogues rentrent au port via Wikicommons[/caption]
            """
        let conversion = convert(content)
        #expect(conversion.markdown == """
            ::: figure
            image: /media/2019/03/fleuve-300x200.jpg
            alt: Pirogues sur le fleuve Niger
            caption: Les pirogues rentrent au port
            credit-source: Wikicommons
            :::

            """)
        #expect(conversion.mediaURLs == ["/media/2019/03/fleuve-300x200.jpg"])
    }

    @Test(arguments: [
        ("Le marché de Médina Coura. Crédit : Awa Diarra", "Le marché de Médina Coura.", "Awa Diarra"),
        ("Le marché de Médina Coura – Crédit photo : Awa Diarra", "Le marché de Médina Coura", "Awa Diarra"),
        ("Le marché de Médina Coura (Photo : Awa Diarra)", "Le marché de Médina Coura", "Awa Diarra"),
        ("Le marché de Médina Coura © Awa Diarra", "Le marché de Médina Coura", "Awa Diarra"),
    ])
    func captionShortcodeWithAuthorCredit(caption: String, text: String, author: String) {
        let image = "<img src=\"https://mondoblog.org/wp-content/uploads/2019/03/marche.jpg\" alt=\"Étals\" />"
        let content = "[caption id=\"attachment_13\" width=\"640\"]\(image) \(caption)[/caption]"
        #expect(convert(content).markdown == """
            ::: figure
            image: /media/2019/03/marche.jpg
            alt: Étals
            caption: \(text)
            credit-author: \(author)
            :::

            """)
    }

    @Test func captionGivenAsAttributeWithALinkedSource() {
        let content = """
            [caption id="attachment_99" width="300" caption="Coucher de soleil via <a href=&quot;https://commons.wikimedia.org/&quot;>Wikicommons</a>"]\
            <img src="https://ailleurs.example/soleil.jpg" alt="Soleil" />[/caption]
            """
        #expect(convert(content).markdown == """
            ::: figure
            image: https://ailleurs.example/soleil.jpg
            alt: Soleil
            caption: Coucher de soleil
            credit-source: Wikicommons
            credit-url: https://commons.wikimedia.org/
            :::

            """)
    }

    @Test func captionIsNotMistakenForACredit() {
        let content = "[caption]<img src=\"/a.jpg\" alt=\"\"> La photo : un symbole de la ville[/caption]"
        #expect(convert(content).markdown == """
            ::: figure
            image: /a.jpg
            caption: La photo : un symbole de la ville
            :::

            """)
    }

    @Test func imageInsideTextGoesAfterItsParagraph() {
        let content = """
            Le fleuve <img src="https://mondoblog.org/wp-content/uploads/2019/03/fleuve.jpg" alt="Le Niger"> \
            monte chaque année.

            <a href="https://mondoblog.org/wp-content/uploads/2019/03/marche.jpg"><img class="wp-image-13" \
            src="https://mondoblog.org/wp-content/uploads/2019/03/marche-150x150.jpg" /></a>
            """
        let conversion = convert(content)
        #expect(conversion.markdown == """
            Le fleuve monte chaque année.

            ::: figure
            image: /media/2019/03/fleuve.jpg
            alt: Le Niger
            :::

            ::: figure
            image: /media/2019/03/marche-150x150.jpg
            :::

            """)
        #expect(conversion.mediaURLs == ["/media/2019/03/fleuve.jpg", "/media/2019/03/marche-150x150.jpg"])
    }

    @Test func galleryShortcodeGivesOneFigurePerAttachment() {
        let conversion = convert("Nos photos :\n\n[gallery columns=\"2\" ids=\"12,13,404\"]\n\n[gallery]")
        #expect(conversion.markdown == """
            Nos photos :

            ::: figure
            image: /media/2019/03/fleuve.jpg
            alt: Le fleuve Niger
            caption: Le fleuve à Ségou
            credit-source: Wikicommons
            :::

            ::: figure
            image: /media/2019/03/marche.jpg
            caption: Le grand marché.
            credit-author: Awa Diarra
            :::

            """)
        #expect(conversion.mediaURLs == ["/media/2019/03/fleuve.jpg", "/media/2019/03/marche.jpg"])
        #expect(conversion.unknownShortcodes.isEmpty)
    }

    @Test func imageBlockUsesItsAttachmentAndCaption() {
        let content = """
            <!-- wp:image {"id":12,"sizeSlug":"large"} -->
            <figure class="wp-block-image size-large"><img src="https://mondoblog.org/wp-content/uploads/2019/03/\
            fleuve-1024x683.jpg" alt="" class="wp-image-12"/><figcaption class="wp-element-caption">Le Niger en \
            crue. Photo : Moussa Keïta</figcaption></figure>
            <!-- /wp:image -->

            <!-- wp:image {"id":13} -->
            <figure class="wp-block-image"><img alt=""/></figure>
            <!-- /wp:image -->
            """
        #expect(convert(content).markdown == """
            ::: figure
            image: /media/2019/03/fleuve-1024x683.jpg
            alt: Le fleuve Niger
            caption: Le Niger en crue.
            credit-author: Moussa Keïta
            :::

            ::: figure
            image: /media/2019/03/marche.jpg
            :::

            """)
    }

    @Test func galleryBlockGivesItsImages() {
        let content = """
            <!-- wp:gallery {"linkTo":"none"} -->
            <figure class="wp-block-gallery has-nested-images"><!-- wp:image {"id":12} -->
            <figure class="wp-block-image"><img src="https://mondoblog.org/wp-content/uploads/2019/03/fleuve.jpg" \
            alt="Le fleuve" class="wp-image-12"/><figcaption class="wp-element-caption">Au matin</figcaption></figure>
            <!-- /wp:image -->

            <!-- wp:image {"id":13} -->
            <figure class="wp-block-image"><img src="https://mondoblog.org/wp-content/uploads/2019/03/marche.jpg" \
            alt="Le marché" class="wp-image-13"/></figure>
            <!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">Ségou en images\
            </figcaption></figure>
            <!-- /wp:gallery -->

            <!-- wp:gallery {"ids":[13]} -->
            <figure class="wp-block-gallery"></figure>
            <!-- /wp:gallery -->
            """
        #expect(convert(content).markdown == """
            ::: figure
            image: /media/2019/03/fleuve.jpg
            alt: Le fleuve
            caption: Au matin
            :::

            ::: figure
            image: /media/2019/03/marche.jpg
            alt: Le marché
            :::

            Ségou en images

            ::: figure
            image: /media/2019/03/marche.jpg
            caption: Le grand marché.
            credit-author: Awa Diarra
            :::

            """)
    }

    @Test func figuresLeaveListsQuotesAndTables() {
        let content = """
            <ul><li>Le fleuve <img src="/a.jpg" alt="A"></li><li>Le marché</li></ul>
            <blockquote>Une citation <img src="/b.jpg" alt="B"></blockquote>
            """
        #expect(convert(content).markdown == """
            - Le fleuve
            - Le marché

            ::: figure
            image: /a.jpg
            alt: A
            :::

            > Une citation

            ::: figure
            image: /b.jpg
            alt: B
            :::

            """)
    }

    @Test func captionWrittenOutAsHTMLAndSmileys() {
        let content = """
            Bravo <img class="wp-smiley" src="https://s.w.org/images/core/emoji/72x72/1f600.png" alt="😀" /> !
            <div id="attachment_5" class="wp-caption aligncenter"><a href="/puits.jpg"><img class="wp-image-5" \
            src="/puits-300x200.jpg" alt="Le puits" /></a><p class="wp-caption-text">Le puits du village. Crédit : \
            Fanta Traoré</p></div>
            """
        #expect(convert(content).markdown == """
            Bravo 😀 !

            ::: figure
            image: /puits-300x200.jpg
            alt: Le puits
            caption: Le puits du village.
            credit-author: Fanta Traoré
            :::

            """)
    }

    @Test func imageWhoseURLCannotBeUsedKeepsItsCaption() {
        let content = """
            [caption]<img src="images/relative.jpg" alt=""> Une légende[/caption]<img src="data:image/gif;base64,R0l">
            """
        let conversion = convert(content)
        #expect(conversion.markdown == "::: figure\ncaption: Une légende\n:::\n")
        #expect(conversion.mediaURLs.isEmpty)
    }
}

@Suite struct WordPressContentEmbedTests {
    @Test func urlAloneOnItsLineIsAnEmbed() {
        let content = "Regardez :\nhttps://www.youtube.com/watch?v=k1b4ru\nÀ bientôt."
        #expect(markdown(content) == """
            Regardez :

            <https://www.youtube.com/watch?v=k1b4ru>

            À bientôt.

            """)
    }

    @Test func embedShortcodeAndIframe() {
        let content = """
            [embed width="500"]https://twitter.com/kibaru_ml/status/1234[/embed]

            <iframe src="https://www.openstreetmap.org/export/embed.html?bbox=-8.0,12.6" width="425"></iframe>
            <iframe src="javascript:alert(1)"></iframe>
            """
        #expect(markdown(content) == """
            <https://twitter.com/kibaru_ml/status/1234>

            <https://www.openstreetmap.org/export/embed.html?bbox=-8.0,12.6>

            """)
    }

    @Test func embedBlocksBecomeLinksTitledByTheirCaption() {
        let content = """
            <!-- wp:embed {"url":"https://www.youtube.com/watch?v=k1b4ru","type":"video","providerNameSlug":"youtube"} -->
            <figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
            https://www.youtube.com/watch?v=k1b4ru
            </div><figcaption class="wp-element-caption">Reportage à Mopti</figcaption></figure>
            <!-- /wp:embed -->

            <!-- wp:core-embed/twitter {"url":"https://twitter.com/kibaru_ml/status/1234","type":"rich"} -->
            <figure class="wp-block-embed-twitter wp-block-embed"><div class="wp-block-embed__wrapper">
            https://twitter.com/kibaru_ml/status/1234
            </div></figure>
            <!-- /wp:core-embed/twitter -->
            """
        #expect(markdown(content) == """
            [Reportage à Mopti](https://www.youtube.com/watch?v=k1b4ru)

            <https://twitter.com/kibaru_ml/status/1234>

            """)
    }

    @Test func audioVideoAndFilesBecomeLinksToTheFile() {
        let content = """
            [audio mp3="https://mondoblog.org/wp-content/uploads/2020/05/chronique.mp3"][/audio]

            <!-- wp:video {"id":20} -->
            <figure class="wp-block-video"><video controls src="https://mondoblog.org/wp-content/uploads/2020/05/\
            fete.mp4"></video><figcaption class="wp-element-caption">La fête de l’indépendance</figcaption></figure>
            <!-- /wp:video -->

            <!-- wp:file {"id":21,"href":"https://mondoblog.org/wp-content/uploads/2020/05/rapport-2020.pdf"} -->
            <div class="wp-block-file"><a href="https://mondoblog.org/wp-content/uploads/2020/05/rapport-2020.pdf">\
            Rapport annuel</a><a href="https://mondoblog.org/wp-content/uploads/2020/05/rapport-2020.pdf" \
            class="wp-block-file__button" download>Télécharger</a></div>
            <!-- /wp:file -->

            Le <a href="https://mondoblog.org/wp-content/uploads/2020/05/rapport-2020.pdf">rapport</a> en ligne.
            """
        let conversion = WordPressContent.markdown(from: content, attachments: [:], rewriteURL: toMedia)
        #expect(conversion.markdown == """
            [chronique.mp3](/media/2020/05/chronique.mp3)

            [La fête de l’indépendance](/media/2020/05/fete.mp4)

            [Rapport annuel](/media/2020/05/rapport-2020.pdf)

            Le [rapport](/media/2020/05/rapport-2020.pdf) en ligne.

            """)
        #expect(conversion.mediaURLs == [
            "/media/2020/05/chronique.mp3", "/media/2020/05/fete.mp4", "/media/2020/05/rapport-2020.pdf",
        ])
    }
}

@Suite struct WordPressContentReadAlsoTests {
    @Test(arguments: [
        "LIRE AUSSI : <a href=\"https://mondoblog.org/2019/02/elections/\">Élections : le grand bluff</a>",
        "<strong>Lire aussi :</strong> <a href=\"/2019/02/elections/\">« Élections : le grand bluff »</a>",
        "À lire aussi – « Élections : le grand bluff »",
        "A LIRE AUSSI Élections : le grand bluff",
        "lire également : Élections : le grand bluff",
        "Lire aussi Élections : le grand bluff",
        "<strong>Voir aussi</strong>\n<a href=\"/elections/\">Élections : le grand bluff</a>",
        "<a href=\"/elections/\">Lire aussi : Élections : le grand bluff</a>",
        "<!-- wp:paragraph -->\n<p><strong>LIRE AUSSI</strong> : <a href=\"/elections/\">Élections : le grand bluff</a></p>",
    ])
    func readAlsoParagraphNamesTheArticle(content: String) {
        #expect(markdown(content) == "::: lire-aussi\ntitle: Élections : le grand bluff\n:::\n")
    }

    @Test func readAlsoWithoutATitleStaysAParagraph() {
        #expect(markdown("<p><b>A LIRE AUSSI</b></p>") == "**A LIRE AUSSI**\n")
    }

    @Test func eachLinkOfTheParagraphNamesAnArticle() {
        let content = """
            <p>LIRE AUSSI :<br><a href="/riz/">Le prix du riz</a><br><a href="/mil/">La récolte du mil</a></p>
            """
        #expect(markdown(content) == """
            ::: lire-aussi
            title: Le prix du riz
            :::

            ::: lire-aussi
            title: La récolte du mil
            :::

            """)
    }

    @Test(arguments: [
        "Voir aussi la carte du quartier.",
        "Lire aussi notre <a href=\"/dossier/\">dossier</a> sur les élections de 2018.",
        "Lire aussirement",
    ])
    func sentencesStayParagraphs(content: String) {
        #expect(!markdown(content).contains("lire-aussi"))
    }
}

@Suite struct WordPressContentShortcodeTests {
    @Test func unknownShortcodesStayVisibleAndAreListed() {
        let content = """
            [contact-form-7 id="42" title="Écrivez-nous"]

            [note couleur="rouge"]Attention au <strong>prix</strong>[/note] [toc] [contact-form-7 id="43"]
            """
        let conversion = WordPressContent.markdown(from: content, attachments: [:], rewriteURL: { $0 })
        #expect(conversion.markdown == """
            \\[contact-form-7 id="42" title="Écrivez-nous"\\]

            \\[note couleur="rouge"\\]Attention au **prix**\\[/note\\] \\[toc\\] \\[contact-form-7 id="43"\\]

            """)
        #expect(conversion.unknownShortcodes == ["contact-form-7", "note", "toc"])
    }

    @Test func bracketedTextIsNotAShortcode() {
        let content = "Il écrit « je sui » [sic] [1] [simple erreur] [NDLR : texte] [[gallery ids=\"1\"]]."
        let conversion = WordPressContent.markdown(from: content, attachments: [:], rewriteURL: { $0 })
        #expect(conversion.markdown == """
            Il écrit « je sui » \\[sic\\] \\[1\\] \\[simple erreur\\] \\[NDLR : texte\\] \\[gallery ids="1"\\].

            """)
        #expect(conversion.unknownShortcodes.isEmpty)
    }
}

@Suite struct WordPressContentSanitisingTests {
    @Test func dangerousElementsAreDroppedWithTheirContent() {
        let content = """
            <p>Avant<script>document.write("<b>piège</b>")</script><style>p { color: red }</style></p>
            <object data="x.swf"><param name="a" value="b">Flash</object><embed src="x.swf">
            <form action="/x"><input name="q"><button>Envoyer</button></form>
            <noscript><img src="/pixel.gif"></noscript><svg><text>SVG</text></svg><math><mi>x</mi></math>
            <p onclick="alert(1)">Après <marquee>défilant</marquee> <blink>clignotant</blink></p>
            """
        let written = markdown(content)
        #expect(written == "Avant\n\nAprès défilant clignotant\n")
    }

    @Test func outputNeverHoldsRawHTML() {
        let content = "<div><p>Texte &lt;script&gt;alert(1)&lt;/script&gt; <unknown-tag>inconnu</unknown-tag></p></div>"
        #expect(markdown(content) == "Texte \\<script\\>alert(1)\\</script\\> inconnu\n")
    }

    @Test func malformedMarkupDegradesToText() {
        let content = "<p>Paragraphe <strong>non fermé<p>Suivant</em> a < b et <a href=\"/x\">lien"
        #expect(markdown(content) == "Paragraphe **non fermé**\n\nSuivant a \\< b et [lien](/x)\n")
    }

    @Test func deeplyNestedMarkupIsFlattened() {
        let depth = 5_000
        let content = String(repeating: "<blockquote><div>", count: depth) + "Profond"
            + String(repeating: "</div></blockquote>", count: depth)
        let written = markdown(content)
        #expect(written.hasSuffix("> Profond\n"))
        #expect(written.count(where: { $0 == ">" }) == 50)
    }

    @Test func emptyContentGivesAnEmptyBody() {
        #expect(markdown("") == "")
        let spacers = "<p>&nbsp;</p>\n\n<!-- wp:spacer -->\n<div style=\"height:40px\"></div>\n<!-- /wp:spacer -->"
        #expect(markdown(spacers) == "")
    }
}

/// Every post of WordPress's theme unit test data, converted.
@Suite struct WordPressContentCorpusTests {
    /// `../shared/testdata/wordpress-wxr/theme-test-data`, beside the package root, three levels above this file.
    static let testdata = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/wordpress-wxr/theme-test-data")
    static let available = FileManager.default.fileExists(atPath: testdata.path)
    static let files = ["themeunittestdata.wordpress.xml", "64-block-test-data.xml"]

    fileprivate static func export(_ name: String) throws -> ThemeTestExport {
        try ThemeTestExport(url: testdata.appendingPathComponent(name))
    }

    fileprivate static func convert(_ export: ThemeTestExport, post id: Int) throws -> String {
        let content = try #require(export.contents[id])
        return WordPressContent.markdown(from: content, attachments: export.attachments, rewriteURL: { $0 }).markdown
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent: the corpus is not converted"))
    func everyPostConvertsToSafeWellFormedMarkdown() throws {
        var converted = 0
        for file in Self.files {
            let export = try Self.export(file)
            for (id, content) in export.contents {
                let conversion = WordPressContent.markdown(
                    from: content, attachments: export.attachments, rewriteURL: { $0 })
                let markdown = conversion.markdown
                let item = "\(file)#\(id)"
                #expect(!markdown.contains("<script") && !markdown.contains("<iframe"), "\(item)")
                #expect(rawTags(in: markdown).isEmpty, "\(item): \(rawTags(in: markdown))")
                #expect(kibaruBlockErrors(in: markdown).isEmpty, "\(item): \(kibaruBlockErrors(in: markdown))")
                #expect(markdown.isEmpty || (markdown.hasSuffix("\n") && !markdown.hasSuffix("\n\n")), "\(item)")
                #expect(!markdown.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(item)")
                #expect(Set(conversion.mediaURLs).count == conversion.mediaURLs.count, "\(item)")
                converted += 1
            }
        }
        #expect(converted == 139)
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func captionShortcodePost() throws {
        let markdown = try Self.convert(Self.export(Self.files[0]), post: 1163)
        #expect(markdown == """
            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg?w=604
            alt: Bell on Wharf
            caption: Bell on wharf in San Francisco
            :::

            """)
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func tiledGalleryPostTakesItsImagesFromTheAttachments() throws {
        let markdown = try Self.convert(Self.export(Self.files[0]), post: 1031)
        #expect(markdown.hasPrefix("""
            This is a test for Jetpack's Tiled Gallery.

            Install [Jetpack](https://wordpress.org/plugins/jetpack/) to test.

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/100_5540.jpg
            alt: Golden Gate Bridge
            caption: Golden Gate Bridge
            :::

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/dcp_2082.jpg
            alt: Boardwalk
            caption: Boardwalk at Westport, WA
            :::
            """))
        #expect(markdown.components(separatedBy: "::: figure").count - 1 == 5)
        #expect(markdown.hasSuffix("\n\nThis is some text after the Tiled Gallery just to make sure that everything spaces nicely.\n"))
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func nestedListsPost() throws {
        let markdown = try Self.convert(Self.export(Self.files[0]), post: 1000)
        #expect(markdown.contains("""
            ### Ordered - Unordered - Ordered

            1. ordered item
            2. ordered item
               - **unordered**
               - **unordered**
                 1. ordered item
                 2. ordered item
            3. ordered item
            4. ordered item
            """))
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func embedPosts() throws {
        let export = try Self.export(Self.files[0])
        #expect(try Self.convert(export, post: 1179) == """
            <https://twitter.com/nacin/status/319508408669708289>

            This post tests WordPress' [Twitter Embeds](https://en.support.wordpress.com/twitter/twitter-embeds/) feature.

            """)
        let audio = "https://wpthemetestdata.files.wordpress.com/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
        #expect(try Self.convert(export, post: 587) == """
            Link:

            [St. Louis Blues](\(audio))

            Audio shortcode:

            [originaldixielandjazzbandwithalbernard-stlouisblues.mp3](\(audio))

            """)
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func tableBlocks() throws {
        let markdown = try Self.convert(Self.export(Self.files[1]), post: 57)
        #expect(markdown.hasPrefix("""
            | Cell 1 | Cell 2 |
            | --- | --- |
            | Cell 3 | Cell 4 |

            Caption

            | Header label | Header label |
            | --- | --- |
            | Cell 1 | Cell 2 |
            | Cell 3 | Cell 4 |

            Caption

            """))
        #expect(markdown.contains("""
            | Header label | Header label |
            | :--- | --- |
            | This column has "align column left" | Cell 2 |
            """))
    }

    @Test(.enabled(if: available, "../shared/testdata/wordpress-wxr is absent"))
    func galleryBlocksAndShortcodeBlock() throws {
        let export = try Self.export(Self.files[1])
        #expect(try Self.convert(export, post: 84).hasPrefix("""
            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/img_0747.jpg
            alt: Brazil Beach
            :::

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/windmill.jpg
            alt: Windmill
            :::

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/img_0747.jpg
            alt: Brazil Beach
            :::

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/windmill.jpg
            alt: Windmill
            :::

            Gallery caption

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/img_0747.jpg
            alt: Brazil Beach
            caption: Single image caption
            :::

            """))
        #expect(try Self.convert(export, post: 165) == """
            Gallery shortcode example:

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/img_0747.jpg
            alt: Brazil Beach
            caption: Jericoacoara Ceara Brasil
            :::

            ::: figure
            image: https://wpthemetestdata.files.wordpress.com/2008/06/windmill.jpg
            alt: Windmill
            caption: Windmill shrouded in fog at a farm outside of Walker, Iowa
            :::

            Audio shortcode example:

            [originaldixielandjazzbandwithalbernard-stlouisblues.mp3](https://wpthemetestdata.files.wordpress.com/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3)

            """)
    }

    /// Tags left raw outside code: `<` not escaped and followed by a letter, `/`, `!` or `?`, autolinks aside.
    private func rawTags(in markdown: String) -> [String] {
        var tags: [String] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.drop(while: { $0 == " " }).hasPrefix("```") { inFence.toggle() }
            guard !inFence else { continue }
            let outsideCode = line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset.isMultiple(of: 2) }.map(\.element).joined(separator: " ")
            for match in outsideCode.matches(of: /<[A-Za-z\/!?][^>\s]*/) {
                let escaped = match.range.lowerBound > outsideCode.startIndex
                    && outsideCode[outsideCode.index(before: match.range.lowerBound)] == "\\"
                let tag = String(match.output)
                if !escaped && !tag.hasPrefix("<http://") && !tag.hasPrefix("<https://") && !tag.hasPrefix("<mailto:") {
                    tags.append(tag)
                }
            }
        }
        return tags
    }

    /// What Kibaru would refuse in the `::: figure` and `::: lire-aussi` blocks of a body.
    private func kibaruBlockErrors(in markdown: String) -> [String] {
        var errors: [String] = []
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index] == "::: figure" || lines[index] == "::: lire-aussi" else { continue }
            let isFigure = lines[index] == "::: figure"
            var fields: [String: String] = [:]
            index += 1
            while index < lines.count, lines[index] != ":::" {
                let parts = lines[index].split(separator: ":", maxSplits: 1)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                let allowed = isFigure
                    ? ["image", "alt", "caption", "credit-author", "credit-source", "credit-licence", "credit-url"]
                    : ["title"]
                if parts.count != 2 || !allowed.contains(parts[0]) || parts[1].isEmpty || fields[parts[0]] != nil {
                    errors.append(lines[index])
                } else {
                    fields[parts[0]] = parts[1]
                }
                index += 1
            }
            if index == lines.count { errors.append("unclosed block") }
            if isFigure && fields["image"] == nil && fields["caption"] == nil { errors.append("empty figure") }
            if let image = fields["image"], !["https://", "http://", "/"].contains(where: image.hasPrefix) {
                errors.append("image \(image)")
            }
            if !isFigure && fields["title"] == nil { errors.append("lire-aussi without title") }
        }
        return errors
    }
}

/// The `content:encoded` of each post and page of a WXR export, and its attachments, read with `XMLParser`.
fileprivate final class ThemeTestExport: NSObject, XMLParserDelegate {
    private(set) var contents: [Int: String] = [:]
    private(set) var attachments: [Int: WordPressAttachment] = [:]
    private var fields: [String: String] = [:]
    private var text = ""
    private var metaKey = ""
    private var inItem = false

    init(url: URL) throws {
        super.init()
        let parser = try #require(XMLParser(contentsOf: url))
        parser.delegate = self
        #expect(parser.parse(), "\(url.lastPathComponent): \(String(describing: parser.parserError))")
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if elementName == "item" {
            inItem = true
            fields = [:]
        }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard inItem else { return }
        switch elementName {
        case "wp:meta_key":
            metaKey = text
        case "wp:meta_value" where metaKey == "_wp_attachment_image_alt":
            fields["alt"] = text
        case "item":
            inItem = false
            finishItem()
        default:
            if fields[elementName] == nil { fields[elementName] = text }
        }
    }

    private func finishItem() {
        guard let id = Int(fields["wp:post_id"] ?? "") else { return }
        let content = fields["content:encoded"] ?? ""
        switch fields["wp:post_type"] {
        case "post", "page":
            if !content.isEmpty { contents[id] = content }
        case "attachment":
            attachments[id] = WordPressAttachment(
                id: id, url: fields["wp:attachment_url"] ?? "", caption: fields["excerpt:encoded"] ?? "",
                alt: fields["alt"] ?? "", description: content)
        default:
            break
        }
    }
}
