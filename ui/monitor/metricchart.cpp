#include "monitor/metricchart.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLineSeries>
#include <QStackedLayout>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

struct MetricChart::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QDateTimeAxis *timeAxis = nullptr;
    QValueAxis *valueAxis = nullptr;
    QList<QLineSeries *> series;
    QLabel *placeholder = nullptr;
    QStackedLayout *stack = nullptr;
    double maximum = 0;
    QString unit;
};

MetricChart::MetricChart(const QString &objectName, double maximum, QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    setObjectName(objectName);
    d->maximum = maximum;
    d->chart = new QChart;
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->timeAxis = new QDateTimeAxis;
    d->timeAxis->setFormat(u"HH:mm"_s);
    d->timeAxis->setTickCount(6);
    d->valueAxis = new QValueAxis;
    d->valueAxis->setLabelFormat(u"%.0f"_s);
    d->valueAxis->setRange(0, maximum > 0 ? maximum : 1);
    d->chart->addAxis(d->timeAxis, Qt::AlignBottom);
    d->chart->addAxis(d->valueAxis, Qt::AlignLeft);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    d->timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(now - kWindowMs), QDateTime::fromMSecsSinceEpoch(now));

    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    d->view->setMinimumHeight(180);
    d->placeholder = new QLabel(this);
    d->placeholder->setAlignment(Qt::AlignCenter);
    d->placeholder->setWordWrap(true);
    d->stack = new QStackedLayout(this);
    d->stack->setContentsMargins(0, 0, 0, 0);
    d->stack->addWidget(d->view);
    d->stack->addWidget(d->placeholder);
    applyTheme();
}

MetricChart::~MetricChart() = default;

void MetricChart::setTitle(const QString &title)
{
    d->chart->setTitle(title);
}

void MetricChart::setUnit(const QString &unit)
{
    d->unit = unit;
    d->valueAxis->setTitleText(unit);
}

void MetricChart::setMaximum(double maximum)
{
    d->maximum = maximum;
    if (maximum > 0)
        d->valueAxis->setRange(0, maximum);
}

void MetricChart::renameSeries(const QStringList &names)
{
    for (qsizetype i = 0; i < names.size() && i < d->series.size(); ++i)
        d->series[i]->setName(names[i]);
}

void MetricChart::setSeries(const QStringList &names)
{
    QStringList current;
    for (QLineSeries *series : std::as_const(d->series))
        current << series->name();
    if (current == names)
        return;
    for (QLineSeries *series : std::as_const(d->series)) {
        d->chart->removeSeries(series);
        delete series;
    }
    d->series.clear();
    for (const QString &name : names) {
        auto *series = new QLineSeries;
        series->setName(name);
        d->chart->addSeries(series);
        series->attachAxis(d->timeAxis);
        series->attachAxis(d->valueAxis);
        d->series.append(series);
    }
    d->chart->legend()->setVisible(names.size() > 1);
}

void MetricChart::addPoint(int seriesIndex, qint64 timeMs, double value)
{
    if (seriesIndex < 0 || seriesIndex >= d->series.size())
        return;
    QLineSeries *series = d->series[seriesIndex];
    series->append(double(timeMs), value);
    // Keep five minutes: older points leave the chart.
    int old = 0;
    while (old < series->count() && series->at(old).x() < double(timeMs - kWindowMs))
        ++old;
    if (old > 0)
        series->removePoints(0, old);
    d->timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(timeMs - kWindowMs), QDateTime::fromMSecsSinceEpoch(timeMs));
    if (d->maximum <= 0) {
        double top = 1;
        for (QLineSeries *s : std::as_const(d->series)) {
            for (const QPointF &point : s->points())
                top = std::max(top, point.y());
        }
        d->valueAxis->setRange(0, top * 1.15);
    }
}

void MetricChart::setPlaceholder(const QString &text)
{
    d->placeholder->setText(text);
    d->stack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget *>(d->view) : d->placeholder);
}

int MetricChart::seriesCount() const
{
    return int(d->series.size());
}

QList<QPointF> MetricChart::points(int series) const
{
    return series >= 0 && series < d->series.size() ? d->series[series]->points() : QList<QPointF>();
}

void MetricChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
    QWidget::changeEvent(event);
}

void MetricChart::applyTheme()
{
    // Follow the application's palette: a dark chart on a dark desktop.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (d->chart->theme() != theme) {
        d->chart->setTheme(theme);
        d->chart->setBackgroundRoundness(4);
    }
}

} // namespace deskseek::ui
