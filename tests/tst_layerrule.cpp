// The layer rule of DESIGN.md, checked on the sources: core/ never includes a QtGui, QtWidgets
// (or other GUI module) header; core/engine includes no Qt header at all; ui/ and app/ never
// include a torch header.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Qt modules whose headers core/ must not include.
const QStringList kGuiModules = {u"QtGui"_s, u"QtWidgets"_s, u"QtCharts"_s, u"QtSvg"_s,
                                 u"QtOpenGL"_s, u"QtOpenGLWidgets"_s, u"QtQuick"_s, u"QtQml"_s};

// The Qt module a header belongs to ("QtWidgets" for <QWidget> or <QtWidgets/QWidget>), or an
// empty string when the header is not Qt's.
QString qtModuleOf(const QString &header)
{
    const QDir root(QString::fromUtf8(DESKSEEK_QT_INCLUDE_ROOT));
    const int slash = header.indexOf(u'/');
    if (slash > 0) {
        const QString module = header.left(slash);
        return module.startsWith(u"Qt"_s) && root.exists(module) ? module : QString();
    }
    if (root.exists(header) && header.startsWith(u"Qt"_s))
        return header; // a whole-module header such as <QtWidgets>
    const QStringList modules = root.entryList({u"Qt*"_s}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &module : modules) {
        if (QFileInfo::exists(root.filePath(module + u'/' + header)))
            return module;
    }
    return {};
}

QStringList includesOf(const QString &text)
{
    static const QRegularExpression include(u"^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]"_s,
                                            QRegularExpression::MultilineOption);
    QStringList headers;
    for (auto it = include.globalMatch(text); it.hasNext();)
        headers << it.next().captured(1);
    return headers;
}

enum class Rule { NoGuiQt, NoQt, NoTorch };

// What a file's text breaks of a rule: the offending headers.
QStringList violations(const QString &text, Rule rule)
{
    QStringList found;
    for (const QString &header : includesOf(text)) {
        switch (rule) {
        case Rule::NoGuiQt:
            if (kGuiModules.contains(qtModuleOf(header)))
                found << header;
            break;
        case Rule::NoQt:
            if (!qtModuleOf(header).isEmpty() || header.startsWith(u"Qt"_s))
                found << header;
            break;
        case Rule::NoTorch:
            if (header.startsWith(u"torch/"_s) || header.startsWith(u"ATen/"_s)
                || header.startsWith(u"c10/"_s) || header.startsWith(u"caffe2/"_s))
                found << header;
            break;
        }
    }
    return found;
}

QStringList sourceFiles(const QString &folder)
{
    QStringList files;
    QDirIterator it(QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u'/' + folder,
                    {u"*.h"_s, u"*.hpp"_s, u"*.cpp"_s, u"*.cu"_s, u"*.cuh"_s, u"*.in"_s},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class TestLayerRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The checker itself: it must catch what the rule forbids and pass what it allows.
    void checker_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("rule");
        QTest::addColumn<int>("expected");
        const int gui = int(Rule::NoGuiQt), qt = int(Rule::NoQt), torch = int(Rule::NoTorch);
        QTest::newRow("QWidget in core") << u"#include <QWidget>\n"_s << gui << 1;
        QTest::newRow("QtGui/QImage in core") << u"#include <QtGui/QImage>\n"_s << gui << 1;
        QTest::newRow("QIcon in core") << u"  #  include <QIcon>\n"_s << gui << 1;
        QTest::newRow("QChart in core") << u"#include <QChart>\n"_s << gui << 1;
        QTest::newRow("QString in core") << u"#include <QString>\n"_s << gui << 0;
        QTest::newRow("QLocalSocket in core") << u"#include <QLocalSocket>\n"_s << gui << 0;
        QTest::newRow("QSqlDatabase in core") << u"#include <QSqlDatabase>\n"_s << gui << 0;
        QTest::newRow("QString in engine") << u"#include <QString>\n"_s << qt << 1;
        QTest::newRow("QtCore in engine") << u"#include <QtCore>\n"_s << qt << 1;
        QTest::newRow("std in engine") << u"#include <vector>\n#include \"engine/x.h\"\n"_s << qt << 0;
        QTest::newRow("torch in ui") << u"#include <torch/torch.h>\n"_s << torch << 1;
        QTest::newRow("ATen in ui") << u"#include <ATen/ATen.h>\n#include <QLabel>\n"_s << torch << 1;
        QTest::newRow("engine api in ui") << u"#include \"engine/buildinfo.h\"\n"_s << torch << 0;
        QTest::newRow("commented out") << u"// #include <QWidget>\n"_s << gui << 0;
    }

    void checker()
    {
        QFETCH(QString, text);
        QFETCH(int, rule);
        QFETCH(int, expected);
        QCOMPARE(violations(text, Rule(rule)).size(), expected);
    }

    void sources_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("rule");
        QTest::addColumn<int>("minimumFiles");
        QTest::newRow("core: no GUI") << u"core"_s << int(Rule::NoGuiQt) << 4;
        QTest::newRow("core/engine: no Qt") << u"core/engine"_s << int(Rule::NoQt) << 2;
        QTest::newRow("ui: no torch") << u"ui"_s << int(Rule::NoTorch) << 4;
        QTest::newRow("app: no torch") << u"app"_s << int(Rule::NoTorch) << 4;
    }

    void sources()
    {
        QFETCH(QString, folder);
        QFETCH(int, rule);
        QFETCH(int, minimumFiles);
        const QStringList files = sourceFiles(folder);
        QVERIFY2(files.size() >= minimumFiles,
                 qPrintable(u"only %1 files found under %2"_s.arg(files.size()).arg(folder)));
        QStringList problems;
        for (const QString &path : files) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            for (const QString &header : violations(QString::fromUtf8(file.readAll()), Rule(rule)))
                problems << u"%1 includes <%2>"_s.arg(path, header);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestLayerRule)
#include "tst_layerrule.moc"
