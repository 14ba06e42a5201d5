#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of N generated French posts, for the import benchmark.

Usage: generate-wxr.py POSTS FILE
Each post has ~300 words of HTML (paragraphs, an intertitle, a [caption] image, a LIRE AUSSI line), two categories,
three tags, and on average two comments (some threaded). The text is made up here, deterministic (seeded).
"""
import random
import sys

WORDS = ("le la les un une des du de et à en dans sur pour avec par au aux ce cette qui que mais ou "
         "gouvernement armée sécurité région village ville marché prix riz mil pluie saison récolte paysans "
         "éleveurs école élèves santé hôpital route pont électricité énergie solaire eau fleuve pêche pirogue "
         "commerce transport carburant budget banque femmes jeunes emploi migration téléphone radio journal "
         "élection transition dialogue paix accord réfugiés climat désert musique festival culture football "
         "Bamako Kidal Gao Tombouctou Mopti Ségou Sikasso Kayes Dakar Niamey Ouagadougou").split()


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main(count, path):
    rng = random.Random(2024)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
                  '<channel>\n<title>Blog de mesure</title>\n<link>https://mesure.mondoblog.org</link>\n'
                  '<description>Un blog généré</description>\n<language>fr-FR</language>\n'
                  '<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://mesure.mondoblog.org</wp:base_blog_url>\n')
        for author in range(20):
            out.write(f'<wp:author><wp:author_id>{author + 1}</wp:author_id><wp:author_login>{cdata(f"auteur{author}")}'
                      f'</wp:author_login><wp:author_display_name>{cdata(f"Auteur {author}")}</wp:author_display_name>'
                      '</wp:author>\n')
        for category in range(40):
            out.write(f'<wp:category><wp:term_id>{category + 1}</wp:term_id><wp:category_nicename>rubrique-{category}'
                      f'</wp:category_nicename><wp:cat_name>{cdata(f"Rubrique {category}")}</wp:cat_name></wp:category>\n')
        comment_id = 1
        for post in range(1, count + 1):
            title = sentence(rng, 7)[:-1]
            paragraphs = [f"<p>{sentence(rng, 25)} {sentence(rng, 20)}</p>" for _ in range(8)]
            paragraphs.insert(3, f"<h2>{sentence(rng, 4)[:-1]}</h2>")
            paragraphs.insert(2, f'[caption id="attachment_{post}" align="alignnone" width="640"]<img src="https://mesure'
                                 f'.mondoblog.org/wp-content/uploads/2020/01/photo-{post}.jpg" alt="Photo {post}" /> '
                                 f'{sentence(rng, 8)} via Wikicommons[/caption]')
            if post > 1:
                paragraphs.insert(5, f'<p><strong>LIRE AUSSI :</strong> <a href="https://mesure.mondoblog.org/?p={post - 1}">'
                                     f'Article {post - 1}</a></p>')
            month = 1 + post % 12
            day = 1 + post % 28
            out.write("<item>\n")
            out.write(f"<title>{cdata(title)}</title>\n<link>https://mesure.mondoblog.org/?p={post}</link>\n")
            out.write(f"<dc:creator>{cdata(f'auteur{post % 20}')}</dc:creator>\n")
            out.write(f'<guid isPermaLink="false">https://mesure.mondoblog.org/?p={post}</guid>\n')
            out.write(f"<content:encoded>{cdata(chr(10).join(paragraphs))}</content:encoded>\n")
            out.write(f"<excerpt:encoded>{cdata('')}</excerpt:encoded>\n<wp:post_id>{post}</wp:post_id>\n")
            out.write(f"<wp:post_date>{cdata(f'2019-{month:02d}-{day:02d} 10:00:00')}</wp:post_date>\n")
            out.write(f"<wp:post_date_gmt>{cdata(f'2019-{month:02d}-{day:02d} 10:00:00')}</wp:post_date_gmt>\n")
            out.write(f"<wp:post_name>{cdata(f'article-{post}')}</wp:post_name>\n<wp:status>{cdata('publish')}</wp:status>\n")
            out.write(f"<wp:post_type>{cdata('post')}</wp:post_type>\n")
            for category in (post % 40, (post * 7) % 40):
                out.write(f'<category domain="category" nicename="rubrique-{category}">{cdata(f"Rubrique {category}")}</category>\n')
            for tag in (post % 300, (post * 3) % 300, (post * 11) % 300):
                out.write(f'<category domain="post_tag" nicename="mot-{tag}">{cdata(f"Mot {tag}")}</category>\n')
            parent = 0
            for _ in range(rng.randint(0, 4)):
                out.write(f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata('Lecteur')}"
                          f"</wp:comment_author><wp:comment_date_gmt>{cdata('2019-12-01 10:00:00')}</wp:comment_date_gmt>"
                          f"<wp:comment_content>{cdata(sentence(rng, 15))}</wp:comment_content>"
                          f"<wp:comment_approved>{cdata('1')}</wp:comment_approved><wp:comment_parent>{parent}"
                          "</wp:comment_parent></wp:comment>\n")
                parent = comment_id if rng.random() < 0.5 else 0
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
