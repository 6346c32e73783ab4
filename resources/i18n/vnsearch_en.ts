<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ExportTexts</name>
    <message numerus="yes">
        <source>%n line(s) written to %1.</source>
        <translation>
            <numerusform>%n line written to %1.</numerusform>
            <numerusform>%n lines written to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IndexManagerPage</name>
    <message numerus="yes">
        <source>Remove %n document(s) from the index? The files stay on disk; importing their folder again adds them back.</source>
        <translation>
            <numerusform>Remove %n document from the index? The file stays on disk; importing its folder again adds it back.</numerusform>
            <numerusform>Remove %n documents from the index? The files stay on disk; importing their folder again adds them back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MetadataDialog</name>
    <message numerus="yes">
        <source>Tick the fields to change for the %n selected document(s).</source>
        <translation>
            <numerusform>Tick the fields to change for the selected document.</numerusform>
            <numerusform>Tick the fields to change for the %n selected documents.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MetadataPage</name>
    <message numerus="yes">
        <source>%n rules file(s) saved.</source>
        <translation>
            <numerusform>%n rules file saved.</numerusform>
            <numerusform>%n rules files saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s). Double-click a cell to set a rule.</source>
        <translation>
            <numerusform>%n folder. Double-click a cell to set a rule.</numerusform>
            <numerusform>%n folders. Double-click a cell to set a rule.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message numerus="yes">
        <source>%n file(s) could not be indexed. Hover over a problem for details.</source>
        <translation>
            <numerusform>%n file could not be indexed. Hover over the problem for details.</numerusform>
            <numerusform>%n files could not be indexed. Hover over a problem for details.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1.</source>
        <translation>
            <numerusform>%n file written to %1.</numerusform>
            <numerusform>%n files written to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleTree</name>
    <message numerus="yes">
        <source>%n file(s) here have their own settings, which are kept.</source>
        <translation>
            <numerusform>%n file here has its own settings, which are kept.</numerusform>
            <numerusform>%n files here have their own settings, which are kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message numerus="yes">
        <source>%n result(s) in %1</source>
        <translation>
            <numerusform>%n result in %1</numerusform>
            <numerusform>%n results in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) available to you. Type a question or keywords.</source>
        <translation>
            <numerusform>%n document available to you. Type a question or keywords.</numerusform>
            <numerusform>%n documents available to you. Type a question or keywords.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message numerus="yes">
        <source>%n file(s) to read.</source>
        <translation>
            <numerusform>%n file to read.</numerusform>
            <numerusform>%n files to read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are already indexed and unchanged; they are skipped.</source>
        <translation>
            <numerusform>%n file is already indexed and unchanged; it is skipped.</numerusform>
            <numerusform>%n files are already indexed and unchanged; they are skipped.</numerusform>
        </translation>
    </message>
</context>
</TS>
